import Foundation
import Testing

/// The layers keep to their imports: only LuaKit reaches the Lua C API.
@Suite struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    @Test(arguments: ["CrescentScript", "crescent", "CrescentCore", "CrescentReport", "CrescentStore", "CrescentText"])
    func onlyLuaKitTouchesTheLuaCAPI(_ module: String) throws {
        let folder = Self.sources.appendingPathComponent(module)
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for forbidden in ["import CLuaBridge", "import CLua\n", "lua_State", "cb_registryindex"] {
                #expect(!text.contains(forbidden), "\(module)/\(file) uses \(forbidden.trimmingCharacters(in: .newlines))")
            }
        }
    }
}
