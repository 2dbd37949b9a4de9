import Foundation
import Testing

/// The README's first tour, read from the README itself and run line by line on a demo store made
/// as the README says (`crescent demo`, as of today): every line works as written.
@Suite struct ReadmeTourTests {
    /// The commands of the tour's first code block, without their comments.
    static func tourLines() throws -> [[String]] {
        let readme = try String(contentsOf: CommandLineFixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let tour = try #require(readme.range(of: "## A first tour"), "the README has no first tour")
        let rest = readme[tour.upperBound...]
        let start = try #require(rest.range(of: "```sh\n")), end = try #require(rest[start.upperBound...].range(of: "```"))
        return rest[start.upperBound..<end.lowerBound].split(separator: "\n").map { line in
            let command = line.range(of: " # ").map { line[..<$0.lowerBound] } ?? line[...]
            return shellWords(String(command))
        }
    }

    /// Splits a command line as the shell would for the tour's simple quoting ("a b" stays one word).
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quoted = false, inWord = false
        for character in line {
            if character == "\"" { quoted.toggle(); inWord = true } else if character == " " && !quoted {
                if inWord { words.append(word) }
                word = ""; inWord = false
            } else { word.append(character); inWord = true }
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func everyLineOfTheTourWorksOnTheDemo() throws {
        let lines = try Self.tourLines()
        #expect(lines.count >= 15, "\(lines)")
        let cli = try CommandLineFixture().withShippedScripts()
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CommandLineFixture.repository.appendingPathComponent("docs/examples"),
                                        to: cli.folder.appendingPathComponent("docs/examples"))
        let demo = try cli.run(["demo"])
        try #require(demo.status == 0, "\(demo.stderr)")
        for words in lines where words.first == "crescent" {
            let arguments = Array(words.dropFirst())
            if arguments == ["repl"] { continue }  // interactive: ReplTests types into it
            let result = try cli.run(arguments)
            #expect(result.status == 0, "crescent \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        #expect(lines.first == ["swift", "build", "&&", "alias", "crescent=.build/debug/crescent"])
    }
}
