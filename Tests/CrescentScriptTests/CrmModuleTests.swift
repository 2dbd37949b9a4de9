import Foundation
import LuaKit
import Testing
@testable import CrescentScript
import CrescentStore

@Suite struct CrmModuleTests {
    let folder: URL
    let store: SQLiteStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore.create(at: folder.appendingPathComponent("s.db").path, baseCurrency: "CNY")
        func load(_ entity: Entity, _ csv: String) throws {
            _ = try store.importCSV(entity, bytes: Array(csv.utf8), fileName: "\(entity.rawValue).csv")
        }
        try load(.teams, "id,name\nT1,East\n")
        try load(.reps, "id,name,team_id\nR1,王伟,T1\n")
        try load(.customers, "id,name,employees,owner_id,score_card,zip\nC1,华为,120,R1,42.5,02134\nC2,Acme,,R1,,\n")
        try load(.orders, "id,customer_id,ordered_on,amount\nO1,C1,2026-01-01,0.1\nO2,C1,2026-01-02,0.2\n")
    }

    func run(_ source: String) throws -> [LuaValue] {
        let path = folder.appendingPathComponent("t.lua").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScriptRun(environment: ScriptEnvironment(moduleFolders: [], definitionsFolder: folder.path)).run(path: path, store: store)
    }

    @Test func getReturnsRecordsWithTypedFields() throws {
        #expect(try run("local c = crm.get('customers', 'C1'); return c.name, c.employees, math.type(c.employees), c.owner_id") ==
                ["华为", 120, "integer", "R1"])
        #expect(try run("return crm.get('customers', 'nope')") == [nil])
        #expect(try run("return crm.get('orders', 'O1').amount + crm.get('orders', 'O2').amount") == [.number(0.1 + 0.2)])
    }

    @Test func customFieldsReadAsNumbersOnlyWhenPlainNumbers() throws {
        #expect(try run("local c = crm.get('customers', 'C1'); return c.score_card, c.zip") == [42.5, "02134"])
        #expect(try run("return crm.get('customers', 'C2').score_card") == [nil])
    }

    @Test func unknownFieldsAreErrorsThatSuggest() throws {
        let error = #expect(throws: LuaError.self) { try run("local c = crm.get('customers', 'C1')\nreturn c.employes") }
        #expect(error?.message.hasSuffix("t.lua:2: unknown field 'employes' of customers (did you mean 'employees'?)") == true)
    }

    @Test func findAndCountFilterByEquality() throws {
        #expect(try run("return #crm.find('orders', {customer_id = 'C1'}), crm.count('customers'), crm.count('customers', {owner_id = 'R1', employees = 120})") == [2, 2, 1])
        #expect(try run("local n = 0 for _, o in ipairs(crm.find('orders')) do n = n + 1 end return n") == [2])
        let error = #expect(throws: LuaError.self) { try run("return crm.count('customers', {regoin = 'x'})") }
        #expect(error?.message.contains("bad argument #2 to 'count'") == false)
        #expect(error?.message.contains("unknown field 'regoin' of customers (did you mean 'region'?)") == true)
    }

    @Test func badArgumentsNameTheFunction() throws {
        let error = #expect(throws: LuaError.self) { try run("return crm.find('dealz')") }
        #expect(error?.message.contains("bad argument #1 to 'find' (unknown entity 'dealz' (did you mean 'deals'?)") == true)
    }

    @Test func recordsPrintReadably() throws {
        #expect(try run("return tostring(crm.get('customers', 'C1'))") == ["customers C1 (华为)"])
    }
}
