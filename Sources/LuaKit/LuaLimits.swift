import CLuaBridge

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

extension LuaLimits {
    /// A size as the limit messages give it: "64 MiB", "1 GiB", "1000 bytes".
    public static func describe(bytes: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        cb_format_size(&buffer, buffer.count, max(0, bytes))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
