import Foundation
import Testing
@testable import LuaKit

/// Work a script causes outside Lua's VM loop, where no hook runs, still ends at the limits: C
/// library functions, coroutines being closed, finalizers, the parser, and copies into Swift. Each
/// run must end with the limit's error within the limit plus the grace of 2 s.
@Suite struct EscapeTests {
    static let limit = 0.3

    /// Runs `source` under a 0.3 s limit and returns the error and how long the run took.
    func stopped(_ source: String, memory: Int = 1 << 30) throws -> (LuaError?, Double) {
        let lua = try LuaState(limits: LuaLimits(seconds: Self.limit, memoryBytes: memory))
        let clock = ContinuousClock()
        var error: LuaError?
        let elapsed = clock.measure { error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "escape.lua") } }
        return (error, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test(arguments: [
        #"string.find(string.rep("a", 30000), ".-.-.-.-.-.-b")"#,
        #"string.match(string.rep("a", 30000), ".-.-.-.-.-.-b")"#,
        #"string.gsub(string.rep("a", 30000), ".-.-.-.-.-.-b", "")"#,
        #"for x in string.gmatch(string.rep("a", 30000), ".-.-.-.-.-.-b") do end"#,
        #"local s = string.rep("a", 30000) return s:find("(.-)(.-)(.-)%1%2%3b")"#,
        #"return pcall(string.find, string.rep("a", 30000), ".-.-.-.-.-.-b")"#,  // the match stops, and so does pcall
        "table.move({}, 1, 1e12, 2)",
        "local t = {} for i = 1, 2e6 do t[i] = -i end table.sort(t)",
        #"return load(string.rep("x = 1 ", 3e7))"#,
        #"local big, done = string.rep("x = 1 ", 3e7) return load(function() if not done then done = true return big end end)"#,
        """
        local co = coroutine.create(function()
          local guard <close> = setmetatable({}, { __close = function() while true do end end })
          coroutine.yield()
        end)
        coroutine.resume(co)
        return coroutine.close(co)
        """,
        "local co = coroutine.wrap(function() return string.find(string.rep('a', 30000), '.-.-.-.-.-b') end) co()",
    ])
    func endsAtTheTimeLimit(source: String) throws {
        let (error, seconds) = try stopped(source)
        #expect(error?.kind == .timeLimit, "\(String(describing: error))")
        #expect(error?.message.hasSuffix("time limit of 0.3 s exceeded") == true, "\(String(describing: error))")
        #expect(seconds < Self.limit + 2, "took \(seconds) s")
    }

    @Test func ctrlCInterruptsAPatternMatch() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 30, memoryBytes: 1 << 30))
        let interrupt = Thread { Thread.sleep(forTimeInterval: 0.3); kill(getpid(), SIGINT) }
        let error = #expect(throws: LuaError.self) {
            try lua.interruptible {
                interrupt.start()
                try lua.run(#"return string.find(string.rep("a", 30000), ".-.-.-.-.-.-b")"#, chunkName: "repl")
            }
        }
        #expect(error?.kind == .interrupted)
        #expect(try lua.run("return 40 + 2", chunkName: "repl") == [42])  // the session goes on
    }

    @Test func scriptsCannotSetFinalizers() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 5, memoryBytes: 64 << 20))
        let error = #expect(throws: LuaError.self) {
            try lua.run("setmetatable({}, { __gc = function() while true do end end })", chunkName: "gc.lua")
        }
        #expect(error?.message.hasPrefix("gc.lua:1: bad argument #2 to 'setmetatable' (finalizers (__gc) are not allowed") == true)
        // Added afterwards, a __gc is never called (Lua marks an object for finalization in setmetatable only).
        let late = """
            local mt = {}
            local t = setmetatable({}, mt)
            mt.__gc = function() ran = true; local s = string.rep("x", 2^30) end
            t = nil
            collectgarbage() collectgarbage()
            return ran
            """
        #expect(try lua.run(late, chunkName: "late.lua") == [.nil])
        #expect(try lua.run("return getmetatable(setmetatable({}, { __index = {} })) ~= nil", chunkName: "ok.lua") == [true])
    }

    @Test func loadingIsUnderTheMemoryCap() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 16 << 20))
        let source = "local t = {" + String(repeating: "1,", count: 3_000_000) + "}"
        let error = #expect(throws: LuaError.self) { try lua.load(source, chunkName: "huge.lua") }
        #expect(error?.kind == .memoryLimit, "\(String(describing: error))")
        #expect(error?.message.hasPrefix("huge.lua: ") == true && error?.message.contains("memory limit of 16 MiB exceeded") == true)
    }

    @Test(arguments: [
        ("local t = {} for i = 1, 1e5 do t = {t} end return t", "a table nested more than 200 deep cannot be passed to the host"),
        ("local t = {} for i = 1, 201 do t = {t} end return t", "a table nested more than 200 deep cannot be passed to the host"),
        (#"local t = {"x"} for i = 1, 40 do t = {t, t} end return t"#, "a value this large cannot be passed to the host"),
        (#"local t = {string.rep("x", 1e6)} for i = 1, 7 do t = {t, t, t} end return t"#, "a value this large cannot be passed"),
        (#"local t = {} for i = 1, 1e5 do t = {k = t, v = {i}} end return t"#, "a table nested more than 200 deep"),
    ])
    func copiesIntoSwiftAreBounded(source: String, message: String) throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 64 << 20))
        let error = #expect(throws: LuaError.self) { try lua.run(source, chunkName: "value.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.message.hasPrefix("value.lua: its result: " + message) == true, "\(String(describing: error))")
        #expect(try lua.run("return 1", chunkName: "again.lua") == [1])  // the state is fine
    }

    @Test func deepButAllowedValuesAndCyclesStillCopy() throws {
        let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 64 << 20))
        let values = try lua.run("local t = {} for i = 1, 199 do t = {t} end local c = {} c.self = c return t, c", chunkName: "ok.lua")
        var depth = 0, value = values[0]
        while case .array(let items) = value, let inner = items.first { depth += 1; value = inner }
        #expect(depth == 199)
        #expect(values[1] == ["self": .opaque("table")])
    }

    @Test func packageHoldsNoWayToTheDisk() throws {
        let lua = try LuaState()
        let names = try lua.run("local k = {} for name in pairs(package) do k[#k + 1] = name end table.sort(k) return table.concat(k, ' ')",
                                chunkName: "package.lua")
        #expect(names == ["config cpath loaded path preload searchers"])
        #expect(try lua.run("return package.searchpath", chunkName: "p.lua") == [.nil])
    }
}
