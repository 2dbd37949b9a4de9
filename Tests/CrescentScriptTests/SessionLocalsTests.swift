@testable import CrescentScript
import Testing

/// Which `local`s of a REPL input become the session's, and that lines stay where they were.
@Suite struct SessionLocalsTests {
    @Test(arguments: [
        ("local x = 1", "      x = 1", ["x"]),
        ("local a, b", "      a, b = nil", ["a", "b"]),
        ("local a,\nb = 1, 2", "      a,\nb = 1, 2", ["a", "b"]),
        ("local function f() local g = 1 return g end", "      function f() local g = 1 return g end", ["f"]),
        ("do local x = 1 end local y = 2", "do local x = 1 end       y = 2", ["y"]),
        ("if t then local x = 1 elseif u then local z = 1 end", "if t then local x = 1 elseif u then local z = 1 end", []),
        ("while true do local x = 1 end", "while true do local x = 1 end", []),
        ("repeat local x = 1 until x", "repeat local x = 1 until x", []),
        ("--[[ local x ]] local y -- local z", "--[[ local x ]]       y = nil -- local z", ["y"]),
        ("s = [==[ local x ]] ]==] local y = 'local z'", "s = [==[ local x ]] ]==]       y = 'local z'", ["y"]),
        ("local x <const> = 1", "local x <const> = 1", []),
        ("local t = { f = function() local inner = 1 end }", "      t = { f = function() local inner = 1 end }", ["t"]),
    ])
    func topLevelLocalsAreHoisted(source: String, expected: String, names: [String]) {
        let (hoisted, declared) = SessionLocals.hoisted(source)
        #expect(hoisted == expected)
        #expect(declared == names)
        #expect(hoisted.filter { $0 == "\n" }.count == source.filter { $0 == "\n" }.count)
    }
}
