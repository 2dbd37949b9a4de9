import Testing
@testable import LuaKit

@Suite struct LimitTests {
    @Test func endlessLoopIsStoppedByTheTimeLimit() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 0.3, memoryBytes: 1 << 30))
        let error = #expect(throws: LuaError.self) { try lua.run("local n = 0\nwhile true do n = n + 1 end", chunkName: "loop.lua") }
        #expect(error?.kind == .timeLimit)
        #expect(error?.message == "loop.lua:2: time limit of 0.3 s exceeded")
        try expectHealthyProcess()
    }

    @Test func pcallCannotSwallowTheTimeLimit() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 0.3, memoryBytes: 1 << 30))
        let source = """
            while true do
              pcall(function() while true do end end)
            end
            """
        let error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "stubborn.lua") }
        #expect(error?.kind == .timeLimit)
    }

    @Test func loopInsideCoroutineIsStopped() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 0.3, memoryBytes: 1 << 30))
        let source = """
            local co = coroutine.wrap(function() while true do end end)
            co()
            """
        let error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "co.lua") }
        #expect(error?.kind == .timeLimit)
    }

    @Test func hugeStringIsStoppedByTheMemoryCap() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 64 << 20))
        let error = #expect(throws: LuaError.self) { try lua.run("local s = string.rep('x', 2^31)", chunkName: "big.lua") }
        #expect(error?.kind == .memoryLimit)
        #expect(error?.message == "big.lua:1: memory limit of 64 MiB exceeded")
        try expectHealthyProcess()
    }

    @Test func pcallCannotSwallowTheMemoryCap() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 64 << 20))
        let source = """
            local ok = pcall(string.rep, 'x', 2^31)
            return 'carried on'
            """
        let error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "sneaky.lua") }
        #expect(error?.kind == .memoryLimit)
    }

    @Test func growingTableIsStoppedByTheMemoryCap() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 20, memoryBytes: 32 << 20))
        let error = #expect(throws: LuaError.self) {
            try lua.run("local t = {}\nfor i = 1, math.huge do t[i] = {i} end", chunkName: "grow.lua")
        }
        #expect(error?.kind == .memoryLimit)
        #expect(error?.message.hasPrefix("grow.lua:2: memory limit of 32 MiB exceeded") == true)
    }

    @Test func defaultLimitsAreOneMinuteAndOneGibibyte() {
        #expect(LuaLimits() == LuaLimits(seconds: 60, memoryBytes: 1 << 30))
    }

    @Test func stateStoppedByALimitRefusesFurtherRuns() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 0.2, memoryBytes: 0))
        _ = #expect(throws: LuaError.self) { try lua.run("while true do end", chunkName: "a.lua") }
        let again = #expect(throws: LuaError.self) { try lua.run("return 1", chunkName: "b.lua") }
        #expect(again?.kind == .timeLimit)
    }

    func expectHealthyProcess() throws {
        let fresh = try LuaState()
        #expect(try fresh.run("local t = {} for i = 1, 1000 do t[i] = i end return #t", chunkName: "ok.lua") == [1000])
    }
}
