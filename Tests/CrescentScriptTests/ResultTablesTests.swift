import CrescentCore
import CrescentReport
import CrescentStore
import CrescentTestSupport
import Foundation
import LuaKit
import Testing
@testable import CrescentScript

/// What `crm.kpi` and `crm.funnel` return is the JSON form of the same result, field for field.
@Suite struct ResultTablesTests {
    /// JSON text without its nulls and empty lists or objects: what a Lua table can hold of it.
    static func luaShaped(_ value: Any) -> Any? {
        switch value {
        case let object as [String: Any]:
            let kept = object.compactMapValues(luaShaped)
            return kept.isEmpty ? nil : kept
        case let list as [Any]:
            return list.isEmpty ? nil : list.map { luaShaped($0) ?? NSNull() }
        case is NSNull: return nil
        default: return value
        }
    }

    /// Whether the Lua value holds exactly the JSON's fields (empty tables read alike: Lua cannot
    /// tell an empty list from an empty object).
    static func agree(lua: LuaValue, json: String) throws -> Bool {
        func shaped(_ text: String) throws -> String {
            guard let parsed = parsedJSON(text), let kept = luaShaped(parsed) else { return "null" }
            return String(decoding: try JSONSerialization.data(withJSONObject: kept), as: UTF8.self)
        }
        return sameJSON(try shaped(String(decoding: try JSONEncoder().encode(lua), as: UTF8.self)), try shaped(json))
    }

    @Test func kpiAndFunnelTablesAreTheirJsonForms() throws {
        let fixture = try KpiScriptTests()
        let environment = fixture.environment
        let catalog = try KpiCatalog(store: fixture.store, environment: environment)
        let report = try catalog.report("revenue", period: Period(parsing: "2026-Q1")!, by: .rep, comparisons: [.target, .yoy, .previous],
                                        ranked: true, options: KpiOptions())
        let lua = try fixture.run("return crm.kpi('revenue', {period = '2026-Q1', by = 'rep', compare = {'target', 'yoy', 'previous'}, rank = true})")
        #expect(try Self.agree(lua: try #require(lua.first), json: JSONText.encode(report)), "\(lua) vs \(JSONText.encode(report))")
        let funnel = try FunnelRun(environment: environment, store: fixture.store).report(period: Period(parsing: "2026")!)
        let luaFunnel = try fixture.run("return crm.funnel{period = '2026'}")
        #expect(try Self.agree(lua: try #require(luaFunnel.first), json: JSONText.encode(funnel)), "\(luaFunnel) vs \(JSONText.encode(funnel))")
        // A field the JSON has, and the old Lua table lacked: the funnel's day and open pipeline by stage.
        #expect(try fixture.run("local f = crm.funnel{period = '2026'}; return f.as_of, f.currency, f.scope") == ["2026-03-31", "CNY", "company"])
    }

    @Test func scriptsKnowTheLanguageAskedFor() throws {
        let fixture = try KpiScriptTests()
        var environment = fixture.environment
        environment.language = .zh
        let path = fixture.folder.appendingPathComponent("lang.lua").path
        try "return crm.lang".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ScriptRun(environment: environment).run(path: path, store: fixture.store) == ["zh"])
        #expect(try fixture.run("return crm.lang") == ["en"])
    }
}
