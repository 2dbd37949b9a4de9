import CLuaBridge
import Foundation

/// `require` for sandboxed states: Lua files under the configured folders only.
extension LuaState {
    func installModuleSearcher() {
        lua_getglobal(L, "package")
        lua_getfield(L, -1, "searchers")
        pushFunction { [unowned self] call in
            let name = try call.string(1)
            guard let relative = Self.modulePath(name) else {
                call.push(.string("\n\tmodule name '\(name)' is not a plain Lua module name"))
                return 1
            }
            var tried: [String] = []
            for folder in moduleFolders {
                let path = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
                guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
                    tried.append("\n\tno file '\(path)'")
                    continue
                }
                do {
                    try load(source, chunkName: path)
                } catch {
                    throw LuaScriptError("error loading module '\(name)' from file '\(path)':\n\t\(String(describing: error))")
                }
                call.push(.string(path))
                return 2
            }
            if moduleFolders.isEmpty { tried.append("\n\tno module folders are configured") }
            call.push(.string(tried.joined()))
            return 1
        }
        lua_rawseti(L, -2, 2)
        cb_pop(L, 2)
    }

    /// "a.b" -> "a/b.lua"; nil for names that could leave the folder.
    static func modulePath(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return nil }
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        }
        return parts.joined(separator: "/") + ".lua"
    }
}
