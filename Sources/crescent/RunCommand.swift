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
        guard timeout > 0, timeout.isFinite else { throw usageError("usage.positive_seconds", ["option": "--timeout"]) }
        _ = try memoryBytes()
    }

    func memoryBytes() throws -> Int {
        let text = memory.uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let multiplier = text.last.flatMap { units[$0] } ?? 1
        let digits = multiplier == 1 ? Substring(text) : text.dropLast()
        guard let value = Double(digits), value > 0 else {
            throw usageError("run.usage.memory", ["memory": memory])
        }
        let bytes = Int(value * Double(multiplier))
        guard bytes >= 1 << 20 else { throw usageError("run.usage.memory_minimum") }
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
            print writes to standard output. Options of crescent go before the script; arguments after it \
            are the script's (in the table arg and in ...), and those that start with a dash follow -- \
            (crescent run --store s.db x.lua -- --top 10). A script that fails, or runs out of time or \
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

    /// Options after the script are refused (they would silently go to the script) unless they follow --.
    func validate() throws {
        let own = ["--store", "--timeout", "--memory", "--as-of", "--lang", "--help", "-h"]
        for argument in arguments.prefix(while: { $0 != "--" }) where argument.hasPrefix("-") && argument.count > 1 {
            let name = String(argument.split(separator: "=", maxSplits: 1)[0])
            if own.contains(name) {
                throw usageError("run.usage.option_after_script", ["option": name, "script": script])
            }
            throw usageError("run.usage.dash_argument", ["argument": argument, "script": script])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            var passed = arguments
            if let dash = passed.firstIndex(of: "--") { passed.remove(at: dash) }
            let environment = limitOptions.environment(asOf: asOfOption.day, language: storeOptions.language)
            try ScriptRun(environment: environment).run(path: script, arguments: passed, store: store)
        }
    }
}
