import CrescentTestSupport
import Testing
@testable import CrescentStore

/// A report's reads agree with each other while someone else writes: on both backends they
/// all see the store as it was when the first began.
@Suite struct ConsistentReadTests {
    @Test(arguments: Backend.available) func readsInsideSeeOneSnapshotWhileAnotherWriterCommits(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        try fixture.seed()
        let store = fixture.store, other = try fixture.openedAgain()
        let newCustomer = try fixture.file("more.csv", "id,name,owner_id\nC9,新客户,R1\n")
        let (first, afterTheImport, nested) = try store.consistentRead {
            let first = try store.count(.customers)
            #expect(try other.importCSV(.customers, file: newCustomer).rows == 1)
            let nested = try store.consistentRead { try store.record(.customers, id: "C9") }
            return (first, try store.count(.customers), nested)
        }
        #expect(first == 3 && afterTheImport == 3 && nested == nil)
        #expect(try store.count(.customers) == 4)
        #expect(try store.record(.customers, id: "C9")?.values["name"] == .text("新客户"))
    }
}
