import CrescentStore
import Foundation
import LuaKit

/// One sandboxed run of a user script with the `crm` module, under time and memory limits.
public struct ScriptRun {
    public var environment: ScriptEnvironment

    public init(environment: ScriptEnvironment = ScriptEnvironment()) {
        self.environment = environment
    }

    /// Runs the script at `path` with `arguments` (in `arg` and `...`) and returns its results.
    /// The chunk is named by `path` as given, so errors read `scripts/tiers.lua:12: ...`.
    @discardableResult
    public func run(path: String, arguments: [String] = [], store: any RecordStore) throws -> [LuaValue] {
        let (source, lua, _) = try prepared(path: path, arguments: arguments, store: store)
        defer { fflush(nil) }  // Lua's print writes through C stdio
        return try lua.run(source, chunkName: path, arguments: arguments.map { .string($0) })
    }

    /// The script's text and a state for it, `arg` set.
    private func prepared(path: String, arguments: [String], store: any RecordStore) throws -> (String, LuaState, CrmModule) {
        let source = try ScriptEnvironment.source(of: path, limit: environment.limits)
        let (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        lua.setArgumentTable(script: path, arguments: arguments)
        return (source, lua, crm)
    }
}

/// What a script may write in one run: at most `limit` records, and nothing at all on a dry run
/// (which still reports what it would have written).
public struct ScriptWrites: Sendable {
    public var limit: Int
    public var dryRun: Bool
    /// What the audit trail says the changes were made through (`run scripts/assign.lua`).
    public var source: String

    public static let defaultLimit = 10_000

    public init(limit: Int = defaultLimit, dryRun: Bool = false, source: String) {
        self.limit = limit
        self.dryRun = dryRun
        self.source = source
    }
}

extension ScriptRun {
    /// Runs the script at `path` with its writes in one transaction: committed together when it
    /// ends well, none of them when it fails, goes over its write limit or is denied a write (even
    /// if it caught that error), or on a dry run. Returns the changes made (or that would be).
    public func run(path: String, arguments: [String] = [], store: any RecordStore, writes: ScriptWrites) throws -> ChangeSet {
        let (source, lua, crm) = try prepared(path: path, arguments: arguments, store: store)
        defer { fflush(nil) }
        return try store.writing(source: writes.source, limit: writes.limit, dryRun: writes.dryRun) { writer in
            crm.writer = writer
            defer { crm.writer = nil }
            do {
                _ = try lua.run(source, chunkName: path, arguments: arguments.map { .string($0) })
            } catch is LuaError where writer.runEnding != nil {}  // the writer says why the run ends
            if let ending = writer.runEnding { throw Self.error(ending, language: environment.language) }
        }
    }

    /// The error a run ends with when its writer says so: a denial as the store's (exit 77), a write
    /// over the limit as the script's (a limit, like time and memory), named at the script's line.
    private static func error(_ ending: (error: StoreError, place: String?), language: Language) -> any Error {
        let (ending, place) = ending
        let prefix = place.map { $0 + ": " } ?? ""
        if case .denied(let message) = ending {
            return StoreError.denied(Message("write.at", ["place": prefix, "reason": message]))
        }
        return LuaError(kind: .runtime, message: prefix + ending.text(language))
    }
}

extension LuaState {
    /// `arg` as the standalone interpreter sets it: arg[0] the script, arg[1...] its arguments.
    func setArgumentTable(script: String, arguments: [String]) {
        newTable(array: arguments.count, fields: 1)
        for (index, text) in ([script] + arguments).enumerated() {
            push(text)
            rawSet(index, inTableAt: -2)
        }
        popIntoGlobal("arg")
    }
}
