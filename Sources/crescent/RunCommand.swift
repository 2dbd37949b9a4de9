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

/// `--dry-run` and `--max-writes`: what a run that may write records may do.
struct WriteOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Write nothing: run, then print the changes the run would make.")
    var dryRun = false

    @Option(name: .customLong("max-writes"), help: ArgumentHelp("At most this many records written by the run; over it, nothing is.",
                                                                valueName: "n"))
    var maxWrites = ScriptWrites.defaultLimit

    func validate() throws {
        guard maxWrites >= 0 else { throw usageError("usage.not_negative", ["option": "--max-writes"]) }
    }

    func writes(source: String) -> ScriptWrites { ScriptWrites(limit: maxWrites, dryRun: dryRun, source: source) }

    /// Opens the store and runs `body` as one run of the audit trail through `source`, then shows its changes.
    func writing(source: String, undoes: Int64? = nil, _ storeOptions: StoreOptions, _ output: OutputOptions,
                 _ body: (any RecordStore, RecordWriter) throws -> Void) throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let changes = try store.writing(source: source, limit: maxWrites, dryRun: dryRun, undoes: undoes) { writer in
                try body(store, writer)
            }
            try show(changes, output: output)
        }
    }

    /// Shows what a run changed: a dry run's changes in full (standard output, or --out), a run's
    /// in one line on standard error (standard output is the script's), in full too with --out.
    func show(_ changes: ChangeSet, output: OutputOptions) throws(StoreError) {
        if dryRun || output.out != nil { try output.emit(changes) }
        if !dryRun { noteWritten(changes) }
    }
}

/// `5 changes written (run 12; ...)` on standard error, for a run that changed anything.
func noteWritten(_ changes: ChangeSet) {
    guard !changes.changes.isEmpty else { return }
    printNote(say(changes.changes.count == 1 ? "changes.summary_one" : "changes.summary",
                  ["count": String(changes.changes.count), "run": changes.run.map(String.init) ?? "?"]))
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
            memory, ends with exit code 70 and its error on standard error. The script's writes (crm.create, \
            crm.update...) are one transaction: all are stored when it ends well, none when it fails, goes over \
            --max-writes or is denied a write (exit 77); --dry-run stores none and prints what they would be. \
            Notifications (crm.notify) are queued with the writes and sent after the run to the channels of \
            crescent.toml or --config.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var writeOptions: WriteOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var notifyOptions: NotifyOptions

    @Argument(help: ArgumentHelp("The Lua script.", valueName: "script.lua"))
    var script: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script.", valueName: "args"))
    var arguments: [String] = []

    /// Options after the script are refused (they would silently go to the script) unless they follow --.
    func validate() throws {
        let own = ["--store", "--timeout", "--memory", "--as-of", "--lang", "--dry-run", "--max-writes", "--format", "--out", "--excel",
                   "--config", "--help", "-h"]
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
            let config = try notifyOptions.load()
            var passed = arguments
            if let dash = passed.firstIndex(of: "--") { passed.remove(at: dash) }
            let environment = limitOptions.environment(asOf: asOfOption.day, language: storeOptions.language)
            let changes = try ScriptRun(environment: environment).run(path: script, arguments: passed, store: store,
                                                                      writes: writeOptions.writes(source: "run \(script)"))
            try writeOptions.show(changes, output: outputOptions)
            if !writeOptions.dryRun { notifyOptions.deliver(store, config: config) }
        }
    }
}
