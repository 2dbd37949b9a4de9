import CrescentStore
import Foundation
import LuaKit
import Testing
@testable import CrescentScript

@Suite struct ScriptSessionTests {
    let folder: URL
    let session: ScriptSession

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore.create(at: folder.appendingPathComponent("s.db").path, baseCurrency: "CNY")
        _ = try store.importCSV(.teams, bytes: Array("id,name\nT1,East\n".utf8), fileName: "teams.csv")
        _ = try store.importCSV(.reps, bytes: Array("id,name,team_id\nR1,王伟,T1\nR2,Ann,T1\n".utf8), fileName: "reps.csv")
        _ = try store.importCSV(.customers, bytes: Array("id,name,owner_id,tier_note\nC1,华为,R1,vip\n".utf8), fileName: "customers.csv")
        session = try ScriptSession(environment: ScriptEnvironment(limits: LuaLimits(seconds: 2), moduleFolders: [], definitionsFolder: folder.path),
                                    store: store)
    }

    @Test func expressionsStatementsAndUnfinishedInput() {
        #expect(session.evaluate("1 + 2") == .values([.plain(3)]))
        #expect(session.evaluate("x = 40") == .values([]))
        #expect(session.evaluate("x + 2, 'a'") == .values([.plain(42), .plain("a")]))
        for unfinished in ["function f()", "if x then", "t = {1, 2,", "s = 'abc", "s = [[long", "for i = 1, 3 do print(i)"] {
            #expect(session.evaluate(unfinished) == .incomplete, "\(unfinished)")
        }
        #expect(session.evaluate("function f() return 1 end\nf()") == .values([]))
        guard case .failure(let message, false) = session.evaluate("1 +* 2") else { Issue.record("a syntax error"); return }
        #expect(message.hasPrefix("repl:1:"))
    }

    @Test func recordsKeepTheirEntity() {
        #expect(session.evaluate("crm.get('customers', 'C1')") == .values([.record(entity: "customers", fields: [
            "id": "C1", "name": "华为", "owner_id": "R1", "tier_note": "vip"])]))
        guard case .values(let values) = session.evaluate("crm.find('reps')"), case .records(let entity, let rows) = values.first else {
            Issue.record("a list of records")
            return
        }
        #expect(entity == "reps" && rows.map { $0["name"] } == ["王伟", "Ann"])
    }

    @Test func completionOfGlobalsMembersAndRecordFields() {
        #expect(session.completions(for: "crm.cou") == ["crm.count"])
        #expect(session.completions(for: "x = crm.kpi.de") == ["crm.kpi.define"])
        #expect(session.completions(for: "prin") == ["print"])
        #expect(session.completions(for: "whi") == ["while"])
        _ = session.evaluate("c = crm.get('customers', 'C1')")
        #expect(session.completions(for: "c.revenue_1") == ["c.revenue_12m"])
        #expect(session.completions(for: "c.tier") == ["c.tier_note", "c.tiers"])
        _ = session.evaluate("seg = {members = function() end, moves = 1}")
        #expect(session.completions(for: "seg:mem") == ["seg:members"])
        #expect(session.completions(for: "nothing.here") == [])
        // The session's locals too, and a local's fields before a global's of the same name.
        _ = session.evaluate("local east = crm.get('customers', 'C1')")
        #expect(session.completions(for: "eas") == ["east"] && session.completions(for: "east.owner") == ["east.owner_id"])
        _ = session.evaluate("local seg = {mine = 1}")
        #expect(session.completions(for: "seg.m") == ["seg.mine"] && session.completions(for: "seg:mem") == [])
        #expect(session.completions(for: "clv") == [] && session.completions(for: "crm.clv.ex") == ["crm.clv.expected_orders"])
    }

    @Test func aLimitRestartsTheSessionWithANote() {
        _ = session.evaluate("kept = 1")
        guard case .failure(let message, false) = session.evaluate("while true do end") else { Issue.record("stopped"); return }
        #expect(message.contains("time limit of 2 s exceeded") && message.contains("the session starts afresh"))
        #expect(session.evaluate("kept") == .values([.plain(nil)]))
        #expect(session.evaluate("1 + 1") == .values([.plain(2)]))
    }
}
