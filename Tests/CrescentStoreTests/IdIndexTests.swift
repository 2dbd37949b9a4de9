import CrescentStore
import Testing

/// The id index keeps ids of up to 12 bytes in its slots and longer ones by hash: every id comes
/// back to its ordinal, through growth, whatever its length, and an id not added is not found.
@Suite struct IdIndexTests {
    @Test func everyIdFindsItsOrdinalThroughGrowth() {
        var ids = ["", "C", "C1", "C0000001", "C0000002", "客户001", "123456789012", "1234567890123", "C1\u{0}", "C1\u{0}\u{0}",
                   String(repeating: "长", count: 20), "https://crm.example.com/customers/0001", "https://crm.example.com/customers/0002"]
        ids += (0..<50_000).map { "K\($0)" } + (0..<2_000).map { "CUSTOMER-LONG-ID-\($0)" }
        var index = IdIndex()
        for (ordinal, id) in ids.enumerated() { #expect(index.insert(id) == ordinal) }
        #expect(index.count == ids.count)
        #expect(index.insert("C1") == 2)  // already there: its ordinal, not a new one
        var wrong = 0
        for (ordinal, id) in ids.enumerated() where index.ordinal(of: id) != ordinal || index.id(ordinal) != id { wrong += 1 }
        #expect(wrong == 0)
        // Near a guess: the guess, the next one, or anywhere, and never a wrong one.
        for (guess, id, expected) in [(3, "C0000001", 3), (3, "C0000002", 4), (0, "C0000002", 4), (ids.count - 1, "K7", 20), (-1, "", 0)] {
            let found = Array(id.utf8).withUnsafeBytes { index.ordinal(of: $0, near: guess) }
            #expect(found == expected, "\(id) near \(guess)")
        }
        #expect(Array("K50000".utf8).withUnsafeBytes { index.ordinal(of: $0, near: 13) } == nil)
        for absent in ["K50000", "C1\u{0}\u{0}\u{0}", "c1", "CUSTOMER-LONG-ID-2000", "https://crm.example.com/customers/0003", "1234567890124"] {
            #expect(index.ordinal(of: absent) == nil, "\(absent)")
        }
    }
}
