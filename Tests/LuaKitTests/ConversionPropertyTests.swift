import Foundation
import Testing
@testable import LuaKit

/// Random nested, shared and cyclic tables copied into Swift, for a bounded time: the copy never
/// crashes or runs away; what is copied is what Lua holds; what is refused is refused for the right
/// reason (too deep, or over the memory cap).
@Suite struct ConversionPropertyTests {
    static let budget = 2.0

    /// Builds a random value from a seed, and measures it in Lua: its depth (cycles cut as the copy
    /// cuts them), the values the copy would make (shared tables counted each time), and a checksum.
    static let generator = #"""
        local seed, maxDepth = ...
        math.randomseed(seed)
        local made = {}
        local function make(depth)
          local r = math.random()
          if depth >= maxDepth or r < 0.25 then
            local kind = math.random(4)
            if kind == 1 then return math.random(-1000, 1000)
            elseif kind == 2 then return string.rep("x", math.random(0, 50))
            elseif kind == 3 then return math.random() < 0.5
            else return #made > 0 and made[math.random(#made)] or 0 end  -- a shared table
          end
          local t = {}
          made[#made + 1] = t
          if math.random() < 0.1 then t.self = t end  -- a cycle
          local chain = math.random() < 0.2
          for i = 1, chain and 1 or math.random(0, 4) do
            if math.random() < 0.5 then t[i] = make(depth + 1) else t["k" .. i] = make(depth + 1) end
          end
          return t
        end
        local value = make(0)
        if math.random() < 0.3 then  -- now and then, a long chain
          for i = 1, math.random(150, 260) do value = { value } end
        end
        local function measure(v, onPath)
          if type(v) ~= "table" then return 0, 1, (type(v) == "number" and v) or (type(v) == "string" and #v) or 0 end
          if onPath[v] then return 0, 1, 0 end
          onPath[v] = true
          local depth, count, sum = 0, 1, 0
          for k, x in pairs(v) do
            local kd, kc = measure(k, onPath)
            local d, c, s = measure(x, onPath)
            depth, count, sum = math.max(depth, kd, d), count + kc + c, sum + s  -- keys count, but add nothing
          end
          onPath[v] = nil
          return depth + 1, count, sum
        end
        generated = value
        return measure(value, {})
        """#

    /// The same measures of the copy.
    func measure(_ value: LuaValue) -> (count: Int, sum: Int) {
        switch value {
        case .integer(let i): return (1, Int(i))
        case .string(let s): return (1, s.utf8.count)
        case .array(let items):
            return items.map(measure).reduce((1 + items.count, 0)) { ($0.0 + $1.count, $0.1 + $1.sum) }  // each index is a key
        case .map(let fields):
            return fields.values.map(measure).reduce((1 + fields.count, 0)) { ($0.0 + $1.count, $0.1 + $1.sum) }
        default: return (1, 0)
        }
    }

    @Test func copiesAreWhatLuaHoldsOrRefusedForTheRightReason() throws {
        let start = Date()
        let replay = ProcessInfo.processInfo.environment["CRESCENT_FUZZ_SEED"].flatMap { Int64($0) }
        var seed = replay ?? Int64.random(in: 0...Int64(Int32.max))
        var runs = 0, copied = 0, refusedAsDeep = 0
        while replay == nil ? Date().timeIntervalSince(start) < Self.budget || runs < 100 : runs < 1 {
            seed += 1
            runs += 1
            let lua = try LuaState(limits: LuaLimits(seconds: 10, memoryBytes: 8 << 20))
            // Too big to make in the first place: the next seed.
            guard let measures = try? lua.run(Self.generator, chunkName: "generate.lua", arguments: [.integer(seed), .integer(seed % 11 + 2)])
            else { continue }
            guard case .integer(let d) = measures[0], case .integer(let c) = measures[1], case .integer(let s) = measures[2] else {
                Issue.record("seed \(seed): measures \(measures)")
                continue
            }
            let (depth, count, sum) = (Int(d), Int(c), Int(s))
            do {
                let copy = try lua.global("generated")
                #expect(depth <= LuaState.maxConversionDepth, "seed \(seed): a value \(depth) deep was copied")
                let measured = measure(copy)
                copied += 1
                #expect(measured.count == count && measured.sum == sum, "seed \(seed): copy \(measured), Lua (\(count), \(sum))")
            } catch {
                let tooDeep = error.message.hasPrefix("a table nested more than 200 deep")
                let tooLarge = error.message.hasPrefix("a value this large cannot be passed")
                #expect(tooDeep || tooLarge, "seed \(seed): \(error)")
                if tooDeep { #expect(depth > LuaState.maxConversionDepth, "seed \(seed): refused as too deep at \(depth)") }
                if tooDeep { refusedAsDeep += 1 }
                if tooLarge { #expect(count * LuaState.conversionCostPerValue > 8 << 20 / 2, "seed \(seed): refused as too large at \(count) values") }
            }
        }
        // The property held on real cases of both kinds, not on seeds skipped.
        if replay == nil { #expect(copied > runs / 2 && refusedAsDeep > 0, "\(runs) runs: \(copied) copied, \(refusedAsDeep) refused as too deep") }
    }
}
