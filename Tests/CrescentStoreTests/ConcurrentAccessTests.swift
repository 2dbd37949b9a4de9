import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentStore

/// Several processes on one store: a report's reads agree with each other while someone else
/// writes (on both backends they all see the store as it was when the first began), and a
/// write to a SQLite file waits for another process's write to end.
@Suite struct ConcurrentAccessTests {
    @Test(arguments: Backend.available) func readsInsideSeeOneSnapshotWhileAnotherWriterCommits(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        try fixture.seed()
        let store = fixture.store, other = try fixture.openedAgain()
        let newCustomer = try fixture.file("more.csv", "id,name,owner_id\nC9,新客户,R1\n")
        let (first, afterTheImport, nested) = try store.consistentRead {
            let first = try store.count(.customers)
            #expect(try other.importFile(.customers, file: newCustomer).rows == 1)
            let nested = try store.consistentRead { try store.record(.customers, id: "C9") }
            return (first, try store.count(.customers), nested)
        }
        #expect(first == 3 && afterTheImport == 3 && nested == nil)
        #expect(try store.count(.customers) == 4)
        #expect(try store.record(.customers, id: "C9")?.values["name"] == .text("新客户"))
    }

    @Test func aSQLiteWriteWaitsForAnotherWriterOrEndsInAConflict() throws {
        let fixture = try StoreFixture(.sqlite)
        try fixture.seed()
        let path = fixture.store.location
        try holdingTheWriteLock(of: path, for: 0.5) {
            let file = try fixture.file("c9.csv", "id,name\nC9,新客户\n")
            #expect(try SQLiteStore.open(at: path).importFile(.customers, file: file).rows == 1)
        }
        let impatient = try SQLiteStore.open(at: path, lockWait: 0.2)
        try holdingTheWriteLock(of: path, for: 1.5) {
            let file = try fixture.file("c10.csv", "id,name\nC10,Late Ltd\n")
            let error = #expect(throws: StoreError.self) { try impatient.importFile(.customers, file: file) }
            #expect(error?.exitCode == 75)
            #expect(error?.description.contains("is being written by another process") == true)
        }
        #expect(try fixture.store.record(.customers, id: "C9") != nil)
        #expect(try fixture.store.record(.customers, id: "C10") == nil)
    }

    /// Runs `body` while another connection, as another process would, holds the file's write
    /// lock for `seconds` from the start.
    private func holdingTheWriteLock(of path: String, for seconds: Double, _ body: () throws -> Void) throws {
        let other = try SQLiteStore.open(at: path)
        let locked = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        Thread {
            _ = try? other.writeTransaction { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('lock test', '1') ON CONFLICT(key) DO NOTHING")
                locked.signal()
                Thread.sleep(forTimeInterval: seconds)
                return ((), commit: true)
            }
            released.signal()
        }.start()
        locked.wait()
        defer { released.wait() }
        try body()
    }
}
