import Foundation
import Testing
@testable import LuaKit

@Suite struct SandboxTests {
    func failure(_ source: String) throws -> LuaError? {
        let lua = try LuaState()
        return #expect(throws: LuaError.self) { try lua.run(source, chunkName: "evil.lua") }
    }

    @Test func noIoLibrary() throws {
        #expect(try failure("io.open('/etc/passwd')")?.message.contains("attempt to index a nil value (global 'io')") == true)
    }

    @Test func noProcessControl() throws {
        for call in ["os.execute('true')", "os.remove('x')", "os.exit(1)", "os.getenv('HOME')", "debug.getinfo(1)"] {
            let error = try failure(call)
            #expect(error?.kind == .runtime, "\(call) must fail")
        }
    }

    @Test func whatRemainsOfOs() throws {
        let lua = try LuaState()
        let results = try lua.run("return type(os.time()), type(os.clock()), os.date('!%Y', 0)", chunkName: "ok.lua")
        #expect(results == ["number", "number", "1970"])
    }

    @Test func noFileLoaders() throws {
        let lua = try LuaState()
        #expect(try lua.run("return dofile, loadfile, package.loadlib, string.dump", chunkName: "x.lua") == [nil, nil, nil, nil])
    }

    @Test func noCModules() throws {
        let error = try failure("require('lfs')")
        #expect(error?.message.contains("module 'lfs' not found") == true)
        let lua = try LuaState()
        let sneaky = #expect(throws: LuaError.self) {
            try lua.run("package.cpath = '/usr/lib/x86_64-linux-gnu/lua/5.4/?.so'; require('lpeg')", chunkName: "x.lua")
        }
        #expect(sneaky?.message.contains("module 'lpeg' not found") == true)
    }

    @Test func binaryChunksAreRefused() throws {
        let lua = try LuaState(sandboxed: false)
        let bytecode = try lua.run("return string.dump(function() return 1 end)", chunkName: "x.lua")
        let sandboxed = try LuaState()
        sandboxed.setGlobal("bytecode", bytecode[0])
        let results = try sandboxed.run("return load(bytecode)", chunkName: "x.lua")
        #expect(results.first == .nil)
        #expect(results.last?.stringValue?.contains("attempt to load a binary chunk") == true)
        let explicit = try sandboxed.run("return load(bytecode, 'b', 'b')", chunkName: "x.lua")
        #expect(explicit.last?.stringValue?.contains("attempt to load a binary chunk") == true)
        #expect(try sandboxed.run("return load('return 1 + 1')()", chunkName: "x.lua") == [2])
        #expect(try sandboxed.run("return load('return x', 'c', 't', {x = 5})()", chunkName: "x.lua") == [5])
    }

    @Test func requireFindsLuaFilesInConfiguredFolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try "return { double = function(x) return 2 * x end }".write(
            to: folder.appendingPathComponent("lib/helpers.lua"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lua = try LuaState()
        lua.setModuleFolders([folder.path])
        #expect(try lua.run("return require('lib.helpers').double(21)", chunkName: "x.lua") == [42])
        let escape = #expect(throws: LuaError.self) { try lua.run("require('..etc.passwd')", chunkName: "x.lua") }
        #expect(escape?.message.contains("not a plain Lua module name") == true)
    }
}
