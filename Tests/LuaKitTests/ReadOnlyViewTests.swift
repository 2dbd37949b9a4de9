import CLuaBridge
import Testing
@testable import LuaKit

/// A read-only view: reads and pairs see the table's fields and its metatable's answers, writes
/// are errors naming the table, and the host reads the view as the table.
@Suite struct ReadOnlyViewTests {
    @Test func readsPassWritesFailAndTheHostSeesTheFields() throws {
        let lua = try LuaState()
        lua.register("view") { call in
            call.push(["region": "华东", "amount": 12.5])
            lua_createtable(call.L, 0, 1)  // a metatable for fields the table lacks
            try? call.state.load("return function(_, key) return 'computed ' .. key end", chunkName: "=meta")
            try? call.state.call(arguments: 0, results: 1)
            lua_setfield(call.L, -2, "__index")
            lua_setmetatable(call.L, -2)
            call.push("accounts")
            lua_setfield(call.L, -2, "__name")
            call.state.pushReadOnlyView()
            return 1
        }
        let results = try lua.run("""
            local v = view()
            local ok, err = pcall(function() v.region = "x" end)
            local ok2, err2 = pcall(function() v.new = 1 end)
            local keys = {}
            for k, value in pairs(v) do keys[#keys + 1] = k .. "=" .. tostring(value) end
            table.sort(keys)
            local ok3, err3 = pcall(rawset, v, "region", "x")
            local first = next(v)
            return v.region, v.missing, ok, err, ok2, table.concat(keys, ","), rawget(v, "region"), rawget(v, "missing"),
                   ok3, err3, first == "region" or first == "amount", rawequal(getmetatable(v).__view, v), v
            """, chunkName: "v.lua")
        // rawget and next see through the view (rawget without the metatable's answers); rawset is refused.
        #expect(results == ["华东", "computed missing", false, "v.lua:2: accounts records are read-only (setting 'region')", false,
                            "amount=12.5,region=华东", "华东", nil, false, "accounts records are read-only (setting 'region')", true,
                            true, ["region": "华东", "amount": 12.5]])
    }
}
