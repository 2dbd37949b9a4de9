/// An error raised while loading or running Lua code.
public struct LuaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, at the level a user can act on.
    public enum Kind: Sendable, Equatable {
        /// The chunk does not compile.
        case syntax
        /// The script raised an error (or a host function it called threw).
        case runtime
        /// The script ran out of its wall-clock budget.
        case timeLimit
        /// The script reached its memory cap.
        case memoryLimit
        /// Stopped by Ctrl-C in an interactive session (`LuaState.interruptible`); the state runs on.
        case interrupted
    }

    public let kind: Kind
    /// The error message, usually prefixed by `chunkname:line:`.
    public let message: String
    /// The Lua traceback at the point of the error, when one was taken.
    public let traceback: String

    public init(kind: Kind, message: String, traceback: String = "") {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    public var description: String { message }

    /// True when the run was ended by a limit rather than by the script.
    public var isLimit: Bool { kind == .timeLimit || kind == .memoryLimit }
}

/// Thrown by a host function to report a bad argument: Lua reports it as
/// `bad argument #N to 'name' (message)`.
public struct LuaArgumentError: Error {
    public let index: Int32
    public let message: String
    public init(index: Int32, message: String) {
        self.index = index
        self.message = message
    }
}

/// Thrown by a host function to raise a plain Lua error with this message.
public struct LuaScriptError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
