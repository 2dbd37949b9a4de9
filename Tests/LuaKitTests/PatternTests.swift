import Testing
@testable import LuaKit

/// Crescent's pattern matcher (string.find, match, gmatch, gsub) against Lua's own, which an
/// unsandboxed state still has: thousands of random subjects and patterns, results and errors alike.
@Suite struct PatternTests {
    /// Random subjects and patterns from a seed; every call's results (or error) as one line each.
    static let generator = #"""
        local seed, count = ...
        math.randomseed(seed)
        local atoms = { ".", "a", "b", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "[]a]", "[%a%d]", "%w", "%A", "%b()",
                        "%f[%a]", "%f[^%s]", "()", "(", ")", "%1", "%2", "x", " ", "%%", "%", "[", "[^", "%b", "%f", "%g" }
        local quantifiers = { "", "", "", "*", "+", "-", "?" }
        local chars = { "a", "b", "c", "(", ")", " ", "1", "x", "%", "\0", "\255" }
        local replacements = { "<%0>", "%1-%1", "%2", "%%", "%x", "", "[%0%1]" }
        local function show(...)
          local t = table.pack(...)
          for i = 1, t.n do t[i] = tostring(t[i]) end
          return table.concat(t, ",", 1, t.n)
        end
        local out = {}
        for n = 1, count do
          local s = {}
          for i = 1, math.random(0, 14) do s[i] = chars[math.random(#chars)] end
          s = table.concat(s)
          local p = {}
          if math.random() < 0.2 then p[1] = "^" end
          for i = 1, math.random(0, 5) do p[#p + 1] = atoms[math.random(#atoms)] .. quantifiers[math.random(#quantifiers)] end
          if math.random() < 0.2 then p[#p + 1] = "$" end
          p = table.concat(p)
          local init = math.random(-4, 16)
          out[#out + 1] = show(pcall(string.find, s, p, init))
          out[#out + 1] = show(pcall(string.find, s, p, init, true))
          out[#out + 1] = show(pcall(string.match, s, p, init))
          out[#out + 1] = show(pcall(string.gsub, s, p, replacements[math.random(#replacements)]))
          out[#out + 1] = show(pcall(string.gsub, s, p, function(...) return select("#", ...) .. "" end, math.random(0, 3)))
          out[#out + 1] = show(pcall(string.gsub, s, p, { a = "A", ["("] = false, [""] = "E" }))
          local ok, iterate = pcall(string.gmatch, s, p, init)
          local found = { tostring(ok) }
          if ok then
            local fine, problem = pcall(function()
              for a, b in iterate do
                found[#found + 1] = show(a, b)
                if #found > 30 then break end
              end
            end)
            if not fine then found[#found + 1] = problem end
          end
          out[#out + 1] = table.concat(found, ";")
        end
        return table.concat(out, "\n")
        """#

    @Test(arguments: [1, 2, 3, 4])
    func sameResultsAsLuasOwnMatcher(seed: Int) throws {
        let ours = try LuaState()
        let luas = try LuaState(limits: .unlimited, sandboxed: false)
        let arguments: [LuaValue] = [.integer(Int64(seed)), .integer(3000)]
        let expected = try luas.run(Self.generator, chunkName: "patterns.lua", arguments: arguments)
        let actual = try ours.run(Self.generator, chunkName: "patterns.lua", arguments: arguments)
        guard case .string(let want)? = expected.first, case .string(let got)? = actual.first else {
            Issue.record("no results")
            return
        }
        let differences = zip(want.split(separator: "\n", omittingEmptySubsequences: false),
                              got.split(separator: "\n", omittingEmptySubsequences: false)).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(differences.isEmpty, "\(differences.prefix(5).map { "call \($0.offset): Lua \($0.element.0) | ours \($0.element.1)" })")
        #expect(want.count > 100_000)
    }

    @Test func everydayPatternsWork() throws {
        let lua = try LuaState()
        #expect(try lua.run(#"return ("  华东 East  "):match("^%s*(.-)%s*$")"#, chunkName: "t") == [.string("华东 East")])
        #expect(try lua.run(#"return ("2026-07-15"):match("(%d+)-(%d+)-(%d+)")"#, chunkName: "t") == ["2026", "07", "15"])
        #expect(try lua.run(#"local n = 0 for w in ("a,b,,c"):gmatch("([^,]*)") do n = n + 1 end return n"#, chunkName: "t") == [4])
        #expect(try lua.run(#"return ("hello world"):gsub("o", {o = "0"})"#, chunkName: "t") == ["hell0 w0rld", 2])
        #expect(try lua.run(#"return ("x"):rep(3):find("xx", 2, true)"#, chunkName: "t") == [2, 3])
    }
}
