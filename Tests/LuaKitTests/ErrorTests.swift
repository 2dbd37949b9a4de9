import Testing
@testable import LuaKit

@Suite struct ErrorTests {
    @Test func syntaxErrorNamesChunkAndLine() throws {
        let lua = try LuaState()
        let error = #expect(throws: LuaError.self) { try lua.run("local x = 1\nlocal = 2", chunkName: "scripts/tiers.lua") }
        #expect(error?.kind == .syntax)
        #expect(error?.message.hasPrefix("scripts/tiers.lua:2:") == true)
    }

    @Test func runtimeErrorCarriesLineAndTraceback() throws {
        let lua = try LuaState()
        let source = """
            local function inner() error("boom") end
            local function outer() inner() end
            outer()
            """
        let error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "scripts/tiers.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.message == "scripts/tiers.lua:1: boom")
        #expect(error?.traceback.contains("scripts/tiers.lua:2: in") == true)
        #expect(error?.traceback.contains("scripts/tiers.lua:3: in main chunk") == true)
    }

    @Test func swiftErrorBecomesCatchableLuaError() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "no such customer" } }
        let lua = try LuaState()
        lua.register("fail") { _ in throw Failure() }
        let results = try lua.run("local ok, err = pcall(function() fail() end); return ok, err", chunkName: "x.lua")
        #expect(results == [false, "x.lua:1: no such customer"])
        let error = #expect(throws: LuaError.self) { try lua.run("\nfail()", chunkName: "x.lua") }
        #expect(error?.message == "x.lua:2: no such customer")
    }

    @Test func argumentChecksReadLikeLuas() throws {
        let lua = try LuaState()
        lua.setGlobal("crm", [:])
        lua.push(.nil)
        lua.pop(1)
        lua.withGlobalTable("crm") { table in
            lua.register("get", inTableAt: table) { call in
                let entity = try call.string(1)
                call.push(.string(entity))
                return 1
            }
        }
        let error = #expect(throws: LuaError.self) { try lua.run("return crm.get(42)", chunkName: "s.lua") }
        #expect(error?.message == "s.lua:1: bad argument #1 to 'get' (string expected, got number)")
        let missing = #expect(throws: LuaError.self) { try lua.run("return crm.get()", chunkName: "s.lua") }
        #expect(missing?.message == "s.lua:1: bad argument #1 to 'get' (string expected, got no value)")
        #expect(try lua.run("return crm.get('deals')", chunkName: "s.lua") == ["deals"])
    }

    @Test func hostFunctionsCanCallBackIntoLua() throws {
        let lua = try LuaState()
        lua.register("twice") { call in
            try call.function(1)
            lua.pushValue(at: 1)
            try lua.call(arguments: 0, results: 1)
            lua.pushValue(at: 1)
            try lua.call(arguments: 0, results: 1)
            return 2
        }
        var n = 0
        lua.register("tick") { call in n += 1; call.push(.integer(Int64(n))); return 1 }
        #expect(try lua.run("return twice(tick)", chunkName: "t.lua") == [1, 2])
        let error = #expect(throws: LuaError.self) { try lua.run("twice(function() error('inner') end)", chunkName: "t.lua") }
        #expect(error?.message == "t.lua:1: inner")
    }
}
