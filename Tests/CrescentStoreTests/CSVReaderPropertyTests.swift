@testable import CrescentStore
import Foundation
import Testing

/// Random CSV, for a bounded time: what the writer writes the reader reads back exactly (marks for
/// spreadsheets undone); a file with invalid UTF-8 or a NUL is refused at that line and column,
/// never read as something else; and the reader ends on any bytes at all.
@Suite struct CSVReaderPropertyTests {
    /// Seconds each property runs for; the seed is printed with any failure to replay it.
    static let budget = 2.0
    static let pieces = ["a", "Z", "0", "-1.5", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "=", "+", "-", "@", "'", "\t",
                         "华东", "明珠贸易", "😀", "é", "\u{301}", "|", "\\"]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {  // splitmix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func randomRecords(_ random: inout Generator) -> [[String]] {
        let width = Int.random(in: 1...5, using: &random)
        return (0..<Int.random(in: 1...8, using: &random)).map { _ in
            (0..<width).map { column in
                let field = (0..<Int.random(in: 0...6, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
                return column == 0 && width == 1 && field.isEmpty ? "x" : field  // a lone empty field is a blank line
            }
        }
    }

    func forAWhile(_ body: (UInt64) throws -> Void) rethrows {
        let start = Date()
        // CRESCENT_FUZZ_SEED=N replays the run that failed with seed N.
        let replay = ProcessInfo.processInfo.environment["CRESCENT_FUZZ_SEED"].flatMap { UInt64($0) }
        var seed = replay ?? UInt64.random(in: 0...UInt64.max)
        var runs = 0
        while replay == nil ? Date().timeIntervalSince(start) < Self.budget || runs < 200 : runs < 1 {
            try body(seed)
            seed &+= 1
            runs += 1
        }
    }

    @Test func whatTheWriterWritesIsReadBack() throws {
        try forAWhile { seed in
            var random = Generator(state: seed)
            let records = randomRecords(&random)
            let text = records.map(CSVWriter.line).joined()
            var reader = CSVReader(bytes: Array(text.utf8))
            var read: [[String]] = []
            do {
                while let record = try reader.next() { read.append(record.fields.map { CSVWriter.unmarked(String(decoding: $0, as: UTF8.self)) }) }
            } catch {
                Issue.record("seed \(seed): \(error) reading \(text.debugDescription)")
                return
            }
            #expect(read == records, "seed \(seed): \(text.debugDescription)")
        }
    }

    @Test func invalidBytesAreRefusedWhereTheyAre() throws {
        let bad: [[UInt8]] = [[0xFF], [0xFE], [0xC0, 0xAF], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x00], [0x80]]
        forAWhile { seed in
            var random = Generator(state: seed)
            let text = Array(randomRecords(&random).map(CSVWriter.line).joined().utf8)
            // Somewhere not inside a character, so that what comes before stays valid.
            let boundaries = text.indices.filter { text[$0] & 0xC0 != 0x80 }
            let at = boundaries.randomElement(using: &random) ?? 0
            let inserted = bad.randomElement(using: &random)!
            let bytes = Array(text[..<at]) + inserted + Array(text[at...])
            let line = 1 + text[..<at].filter { $0 == UInt8(ascii: "\n") }.count
            var reader = CSVReader(bytes: bytes)
            var refused: CSVError?
            var records = 0
            while records < 1000 {
                do throws(CSVError) {
                    guard try reader.next() != nil else { break }
                    records += 1
                } catch {
                    refused = refused ?? error
                    if !error.readsOn { break }
                }
            }
            #expect(refused != nil, "seed \(seed): \(bytes) was read without an error")
            if let refused, refused.readsOn {  // lines count line feeds, as editors do
                #expect(refused.line == line, "seed \(seed): \(refused), inserted on \(line) at \(at): \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test func anyBytesEndWithRecordsOrAnError() {
        forAWhile { seed in
            var random = Generator(state: seed)
            let bytes = (0..<Int.random(in: 0...200, using: &random)).map { _ -> UInt8 in
                ([UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0, 0xFF, 0xE4, 0xB8, 0xAD, UInt8(ascii: "a")] as [UInt8])
                    .randomElement(using: &random)!
            }
            var reader = CSVReader(bytes: bytes)
            var steps = 0
            while steps <= bytes.count + 1 {
                steps += 1
                do throws(CSVError) { guard try reader.next() != nil else { return } } catch { if !error.readsOn { return } }
            }
            Issue.record("seed \(seed): the reader did not end on \(bytes)")
        }
    }
}
