import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentStore

/// A fresh store, a SQLite file or a database on the test server, and a temporary folder with
/// helpers to write CSV files there.
final class StoreFixture {
    let folder: URL
    private let testStore: TestStore
    var store: any RecordStore { testStore.store }

    init(_ backend: Backend = .sqlite) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        testStore = try TestStore(backend, in: folder, baseCurrency: "CNY")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The same store opened again, as another process would.
    func openedAgain() throws -> any RecordStore { try testStore.openedAgain() }

    /// Writes `text` as the file `name` and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func fileBytes(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A small consistent company: one team, two reps, two products, three customers.
    func seed() throws {
        _ = try store.importFile(.teams, file: file("teams.csv", "id,name,region\nT1,华东一组,East\n"))
        _ = try store.importFile(.reps, file: file("reps.csv", "id,name,team_id,role,level\nR1,王伟,T1,rep,senior\nR2,Ann Lee,T1,manager,mid\n"))
        _ = try store.importFile(.products, file: file("products.csv", "id,name,list_price,cost\nP1,Widget,100,60.5\nP2,Gadget,12.25,\n"))
        _ = try store.importFile(.customers, file: file("customers.csv", """
            id,name,industry,region,owner_id,created_on
            C1,上海明珠贸易有限公司,retail,East,R1,2024-01-15
            C2,Acme Corp,manufacturing,West,R2,2023-06-01
            C3,東京商事,retail,East,R1,2025-02-01

            """))
    }

    /// The report of an import that must be refused for bad data; any other outcome is recorded as a failure.
    func rejectedImport(_ entity: Entity, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> ImportReport? {
        let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try store.importFile(entity, file: path) }
        guard case .badData(let report) = error else {
            if let error { Issue.record("expected bad data, got \(error)", sourceLocation: sourceLocation) }
            return nil
        }
        #expect(error?.exitCode == 65, sourceLocation: sourceLocation)
        return report
    }

    func exported(_ entity: Entity, _ format: ExportFormat = .csv) throws -> String {
        let path = folder.appendingPathComponent("export-\(UUID().uuidString)").path
        let sink = try TextSink.file(path)
        try store.export(entity, format: format, to: sink)
        try sink.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
