/// Record ids mapped to dense ordinals 0, 1, 2... in the order they were added, looked up
/// straight from the bytes SQLite hands out: no String is made per lookup, which matters
/// when a million orders are matched to a million customers.
public struct IdIndex: Sendable {
    /// Every id's bytes, one after the other; id `n` spans `starts[n]..<starts[n + 1]`.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    /// Open addressing: per slot, the id's hash in the high half (to skip comparing bytes of
    /// ids that cannot match) and its ordinal + 1 in the low half; 0 for an empty slot.
    private var slots: [UInt64]
    private var mask: Int

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { starts.count - 1 }

    /// The id with this ordinal.
    public func id(_ ordinal: Int) -> String {
        String(decoding: arena[starts[ordinal]..<starts[ordinal + 1]], as: UTF8.self)
    }

    public func ordinal(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { ordinal(of: UnsafeRawBufferPointer($0)) }
    }

    public func ordinal(of bytes: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(bytes)
        let tag = UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000
        var slot = hash & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let stored = slots[slot]
                if stored == 0 { return nil }
                if stored & 0xFFFF_FFFF_0000_0000 == tag {
                    let ordinal = Int(stored & 0xFFFF_FFFF) - 1
                    if matches(ordinal, bytes) { return ordinal }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds an id (if new) and returns its ordinal.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeRawBufferPointer) -> Int {
        if let existing = ordinal(of: bytes) { return existing }
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(bytes)
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        slots[slot] = (UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000) | UInt64(count)
        return count - 1
    }

    @discardableResult
    public mutating func insert(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    private func matches(_ ordinal: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = starts[ordinal], length = starts[ordinal + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            for i in 0..<length where arena[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for ordinal in 0..<count {
            let hash = arena.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[starts[ordinal]..<starts[ordinal + 1]])) }
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000) | UInt64(ordinal + 1)
        }
    }

    /// FNV-1a, then a final mix so that ids differing only in their last digit spread out.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
