import CLuaBridge
import Foundation
import LuaKit

/// Reads five fields of every record, once with records as Lua tables (what the crm module does)
/// and once with records as userdata whose `__index` calls back into Swift.
func compareRecordAccess(records: Int, rounds: Int) throws {
    let names = ["id", "name", "region", "revenue", "orders"]
    let rows: [[LuaValue]] = (0..<records).map { i in
        [.string("C\(i)"), .string("客户\(i)"), .string(["East", "West"][i % 2]), .number(Double(i % 1000) * 12.5), .integer(Int64(i % 17))]
    }
    let scan = """
        local records = ...
        local total, n = 0, 0
        for i = 1, #records do
          local r = records[i]
          if r.region == "East" and #r.name > 0 and #r.id > 0 then total = total + r.revenue + r.orders end
        end
        return total
        """

    func timeScan(_ lua: LuaState, push: () -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try lua.load(scan, chunkName: "scan.lua")
        push()
        try lua.call(arguments: 1, results: 1)
        lua.pop(1)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    var tableTimes: [Double] = [], userdataTimes: [Double] = []
    let lua = try LuaState(limits: .unlimited)
    // Tables: built once, as crm.find does, then scanned.
    lua_createtable(lua.L, Int32(records), 0)
    for (index, row) in rows.enumerated() {
        lua_createtable(lua.L, 0, 5)
        for (name, value) in zip(names, row) {
            lua.push(value)
            lua_setfield(lua.L, -2, name)
        }
        lua_rawseti(lua.L, -2, lua_Integer(index + 1))
    }
    let tablesRef = luaL_ref(lua.L, cb_registryindex())
    // Userdata: each record is a light userdata index; __index reads the Swift row.
    lua_createtable(lua.L, 0, 1)
    lua.pushFunction { call in
        let row = Int(bitPattern: lua_touserdata(call.L, 1))
        let key = try call.string(2)
        guard let column = names.firstIndex(of: key) else { throw LuaScriptError("unknown field '\(key)'") }
        call.push(rows[row][column])
        return 1
    }
    lua_setfield(lua.L, -2, "__index")
    // Light userdata share one metatable per state: set it once.
    lua_pushlightuserdata(lua.L, nil)
    lua_pushvalue(lua.L, -2)
    lua_setmetatable(lua.L, -2)
    cb_pop(lua.L, 2)
    lua_createtable(lua.L, Int32(records), 0)
    for index in 0..<records {
        lua_pushlightuserdata(lua.L, UnsafeMutableRawPointer(bitPattern: index))
        lua_rawseti(lua.L, -2, lua_Integer(index + 1))
    }
    let userdataRef = luaL_ref(lua.L, cb_registryindex())

    for _ in 0..<rounds {
        tableTimes.append(try timeScan(lua) { lua_rawgeti(lua.L, cb_registryindex(), lua_Integer(tablesRef)) })
        userdataTimes.append(try timeScan(lua) { lua_rawgeti(lua.L, cb_registryindex(), lua_Integer(userdataRef)) })
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    let t = median(tableTimes), u = median(userdataTimes)
    print("records=\(records) rounds=\(rounds)")
    print(String(format: "tables:   median %.3f s (%.0f ns/record)", t, t / Double(records) * 1e9))
    print(String(format: "userdata: median %.3f s (%.0f ns/record)", u, u / Double(records) * 1e9))
    print(String(format: "userdata/tables: %.2fx", u / t))
}
