import Testing
@testable import LuaKit

@Suite struct ValueConversionTests {
    @Test(arguments: [
        LuaValue.nil, true, false, 0, 42, -7, .integer(Int64.max), 3.5, -0.25, "", "hello", "客户 王伟 🚀",
        [1, 2, "three"], ["name": "华为", "amount": 12.5, "tags": ["a", "b"]], [["nested": [1, [2, 3]]]],
    ] as [LuaValue])
    func roundTrip(_ value: LuaValue) throws {
        let lua = try LuaState()
        lua.push(value)
        #expect(try lua.value(at: -1) == value)
    }

    @Test func integersAndFloatsStayDistinct() throws {
        let lua = try LuaState()
        let results = try lua.run("return 3, 3.0, 2^53, 7 // 2", chunkName: "t.lua")
        #expect(results == [.integer(3), .number(3.0), .number(9007199254740992), .integer(3)])
    }

    @Test func tablesWithHolesOrStringKeysAreMaps() throws {
        let lua = try LuaState()
        let results = try lua.run("return {1, nil, 3}, {x = 1, [2] = 'b'}, {}", chunkName: "t.lua")
        #expect(results[0] == .map(["1": 1, "3": 3]))
        #expect(results[1] == .map(["x": 1, "2": "b"]))
        #expect(results[2] == .array([]))
    }

    @Test func argumentsArriveAsVarargs() throws {
        let lua = try LuaState()
        let results = try lua.run("local a, b = ...; return a .. '-' .. b.k", chunkName: "t.lua", arguments: ["x", ["k": "v"]])
        #expect(results == ["x-v"])
    }

    @Test func cyclicTablesDoNotHang() throws {
        let lua = try LuaState()
        let results = try lua.run("local t = {}; t.self = t; return t", chunkName: "t.lua")
        #expect(results == [.map(["self": .opaque("table")])])
    }
}

@Suite struct GlobalsTests {
    @Test func globalsAndGlobalFunctions() throws {
        let lua = try LuaState()
        lua.setGlobal("config", ["region": "华东", "limit": 3])
        try lua.run("function scale(x, k) return x * k, config.region end", chunkName: "g.lua")
        #expect(try lua.callGlobal("scale", [2.5, 4]) == [10.0, "华东"])
        #expect(try lua.global("config") == ["region": "华东", "limit": 3])
        #expect(try lua.global("missing") == nil)
        let error = #expect(throws: LuaError.self) { try lua.callGlobal("missing") }
        #expect(error?.message == "attempt to call a nil value")
    }
}
