import Foundation
import Synchronization

/// Record ids mapped to dense ordinals 0, 1, 2... in the order they were added, looked up
/// straight from the bytes SQLite hands out: no String is made per lookup, which matters
/// when a million orders are matched to a million customers.
///
/// A lookup of a million-customer index misses the cache; it should miss it once. So an id of up
/// to 12 bytes (`C1234567`, `客户001`) is kept whole in its slot beside its ordinal, and found by
/// comparing two words; a longer id keeps its hash there, and its bytes are compared in the arena.
public struct IdIndex: Sendable {
    /// Every id's bytes, one after the other; id `n` spans `starts[n]..<starts[n + 1]`.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    /// Open addressing, two words per slot (`Key`); the second is 0 for an empty slot.
    private var slots: [UInt64]
    private var mask: Int
    /// For an index read whole from kept columns: its slots, made on its first lookup (a
    /// segmentation reading kept orders looks no id up; 10M ids' slots are 512 MB).
    private var later: SlotsLater?

    /// The longest id kept whole in a slot.
    static let inline = 12
    /// The length field of an id longer than `inline`.
    private static let long: UInt64 = 15

    /// An id as a slot keeps it: `first` its bytes 0..<8 (or its hash when long); `second` its bytes
    /// 8..<12 in the low 32 bits, its length (or `long`) in the next 4, and its ordinal + 1 above.
    private struct Key {
        var first: UInt64, second: UInt64
        var hash: Int

        init(_ bytes: UnsafeRawBufferPointer) {
            if bytes.count <= IdIndex.inline {
                var words: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
                first = words.0
                second = (words.1 & 0xFFFF_FFFF) | UInt64(bytes.count) << 32
                var h = first &+ second &* 0x9E37_79B9_7F4A_7C15  // splitmix64's finaliser: every byte moves every bit
                h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
                h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
                hash = Int(truncatingIfNeeded: h ^ (h >> 31))
            } else {
                hash = IdIndex.hash(bytes)
                first = UInt64(truncatingIfNeeded: hash)
                second = IdIndex.long << 32
            }
        }

        var isLong: Bool { second >> 32 == IdIndex.long }
    }

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Self.emptySlots(2 * size)
        mask = size - 1
    }

    /// `count` zero words. A table of millions of slots is read at random: on Linux it asks for huge
    /// pages before its memory is first touched, so that a lookup misses the cache without also
    /// missing the TLB (a 10-million-id index spans 512 MB: 131,072 small pages, 256 huge ones).
    private static func emptySlots(_ count: Int) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if os(Linux)
            let bytes = UnsafeMutableRawBufferPointer(buffer)
            if bytes.count >= 4 << 20, let base = bytes.baseAddress {
                let page = 4096, start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
                let end = (Int(bitPattern: base) + bytes.count) & ~(page - 1)
                if let aligned = UnsafeMutableRawPointer(bitPattern: start), end > start {
                    _ = madvise(aligned, end - start, MADV_HUGEPAGE)  // advice only: without it, small pages
                }
            }
            #endif
            buffer.initialize(repeating: 0)
            initialized = count
        }
    }

    /// The versions of the table the ids were read at, when the store keeps columns (KeptColumns):
    /// columns kept at the same versions give their customers by this index's ordinals.
    public internal(set) var keptVersions: String?

    /// The index as kept columns (KeptColumns): the ids in order.
    var kept: [any KeptColumn] { [arena, starts] }

    init(kept reader: inout KeptReader) throws {
        arena = try reader.next(UInt8.self)
        starts = try reader.next(Int.self)
        guard starts.first == 0, starts.last == arena.count else { throw KeptReader.Malformed() }
        slots = []
        mask = 0
        later = SlotsLater()
    }

    public var count: Int { starts.count - 1 }

    /// The id with this ordinal.
    public func id(_ ordinal: Int) -> String {
        String(decoding: arena[starts[ordinal]..<starts[ordinal + 1]], as: UTF8.self)
    }

    /// Runs `body` with a function giving id `n`'s bytes in place (valid only inside `body`).
    func withBytes<R>(_ body: ((Int) -> UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try arena.withUnsafeBytes { arena in
            try starts.withUnsafeBufferPointer { starts in
                try body { n in UnsafeRawBufferPointer(rebasing: arena[starts[n]..<starts[n + 1]]) }
            }
        }
    }

    public func ordinal(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { ordinal(of: UnsafeRawBufferPointer($0)) }
    }

    public func ordinal(of bytes: UnsafeRawBufferPointer) -> Int? {
        let key = Key(bytes)
        let (slots, mask) = later?.table(of: self) ?? (slots, mask)
        var slot = key.hash & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let second = slots[2 * slot + 1]
                if second == 0 { return nil }
                if slots[2 * slot] == key.first && second & 0xF_FFFF_FFFF == key.second {
                    let ordinal = Int(second >> 36) - 1
                    if !key.isLong || matches(ordinal, bytes) { return ordinal }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The ordinal of `bytes`, trying `guess` and the ordinal after it before hashing: ids read in
    /// the order they were added (a table in id order, a membership listed by customer) are found
    /// by comparing bytes that lie next to the last ones, not by a lookup anywhere in the table.
    public func ordinal(of bytes: UnsafeRawBufferPointer, near guess: Int) -> Int? {
        if guess >= 0 && guess < count && matches(guess, bytes) { return guess }
        if guess + 1 >= 0 && guess + 1 < count && matches(guess + 1, bytes) { return guess + 1 }
        return ordinal(of: bytes)
    }

    /// Adds an id known not to be in the index (read from a primary key).
    mutating func append(unique bytes: UnsafeRawBufferPointer) {
        madeNow()
        precondition(count + 1 < 1 << 28, "an id index holds at most 2^28 ids")
        if (count + 1) * 2 > slots.count / 2 { grow() }
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        place(Key(bytes), ordinal: count - 1)
    }

    /// Adds an id (if new) and returns its ordinal.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeRawBufferPointer) -> Int {
        if let existing = ordinal(of: bytes) { return existing }
        append(unique: bytes)
        return count - 1
    }

    @discardableResult
    public mutating func insert(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    /// Takes the slots made later as this index's own, before it changes.
    private mutating func madeNow() {
        guard let later else { return }
        (slots, mask) = later.table(of: self)
        self.later = nil
    }

    /// The slots of every id, as `insert` would place them.
    fileprivate func placedSlots() -> ([UInt64], Int) {
        var index = IdIndex(capacity: count)
        (index.arena, index.starts) = (arena, starts)
        index.placeAll()
        return (index.slots, index.mask)
    }

    /// Puts `key` with `ordinal` in the first free slot from its hash.
    private mutating func place(_ key: Key, ordinal: Int) {
        var slot = key.hash & mask
        while slots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
        slots[2 * slot] = key.first
        slots[2 * slot + 1] = key.second | UInt64(ordinal + 1) << 36
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
        let size = slots.count  // twice the slots there were
        slots = Self.emptySlots(2 * size)
        mask = size - 1
        placeAll()
    }

    /// Places every id in empty slots.
    private mutating func placeAll() {
        for ordinal in 0..<count {
            let key = arena.withUnsafeBytes { Key(UnsafeRawBufferPointer(rebasing: $0[starts[ordinal]..<starts[ordinal + 1]])) }
            place(key, ordinal: ordinal)
        }
    }

    /// FNV-1a, then a final mix so that ids differing only in their last byte spread out.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}

/// The slots of an index read whole, made once, by the first lookup on whichever thread.
private final class SlotsLater: @unchecked Sendable {
    private let made = Atomic<Bool>(false)
    private let lock = NSLock()
    private var slots: [UInt64] = [], mask = 0

    func table(of index: IdIndex) -> ([UInt64], Int) {
        if !made.load(ordering: .acquiring) {
            lock.lock()
            if !made.load(ordering: .relaxed) {
                (slots, mask) = index.placedSlots()
                made.store(true, ordering: .releasing)
            }
            lock.unlock()
        }
        return (slots, mask)
    }
}
