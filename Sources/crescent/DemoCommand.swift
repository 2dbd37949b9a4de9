import ArgumentParser
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Build a demo company.")
    func run() throws {}
}
