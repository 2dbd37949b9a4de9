/// The budget a script runs under.
public struct LuaLimits: Sendable, Equatable {
    /// Wall-clock seconds for one run; 0 means none.
    public var seconds: Double
    /// Bytes the Lua state may hold; 0 means none.
    public var memoryBytes: Int

    public init(seconds: Double = 60, memoryBytes: Int = 1 << 30) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
    }

    /// No limits at all: for host-internal states only, never for user scripts.
    public static let unlimited = LuaLimits(seconds: 0, memoryBytes: 0)
}
