import ArgumentParser
import CrescentScript
import CrescentStore
import LuaKit

/// `--timeout` and `--memory`: the limits every user script runs under.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Wall-clock budget for the script, in seconds.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp("Memory cap for the script: bytes, or with K, M or G (binary units).", valueName: "size"))
    var memory: String = "1G"

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout: must be a positive number of seconds") }
        _ = try memoryBytes()
    }

    func memoryBytes() throws -> Int {
        let text = memory.uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let multiplier = text.last.flatMap { units[$0] } ?? 1
        let digits = multiplier == 1 ? Substring(text) : text.dropLast()
        guard let value = Double(digits), value > 0 else {
            throw ValidationError("--memory: '\(memory)' is not a size such as 512M or 2G")
        }
        let bytes = Int(value * Double(multiplier))
        guard bytes >= 1 << 20 else { throw ValidationError("--memory: at least 1M is needed to run a script") }
        return bytes
    }

    var limits: LuaLimits {
        LuaLimits(seconds: timeout, memoryBytes: (try? memoryBytes()) ?? 1 << 30)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script against the store, sandboxed, with the crm module.",
        discussion: """
            The script sees the crm module (docs/lua-api.md) and the safe parts of Lua's standard library; \
            print writes to standard output. Arguments after the script (use -- before ones that start \
            with a dash) are in the table arg and in ... . A script that fails, or runs out of time or \
            memory, ends with exit code 70 and its error on standard error.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var asOfOption: AsOfOption

    @Argument(help: ArgumentHelp("The Lua script.", valueName: "script.lua"))
    var script: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script.", valueName: "args"))
    var arguments: [String] = []

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let passed = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
            try ScriptRun(environment: limitOptions.environment(asOf: asOfOption.day)).run(path: script, arguments: passed, store: store)
        }
    }
}
