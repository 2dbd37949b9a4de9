import Foundation

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same company everywhere.
public struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// Picks by weight.
    mutating func pick<T>(_ items: [(T, Double)]) -> T {
        var r = unit() * items.reduce(0) { $0 + $1.1 }
        for (item, weight) in items {
            r -= weight
            if r < 0 { return item }
        }
        return items[items.count - 1].0
    }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Pareto with minimum 1: heavy-tailed customer value.
    mutating func pareto(alpha: Double) -> Double { pow(1 - unit(), -1 / alpha) }

    mutating func poisson(mean: Double) -> Int {
        if mean > 30 { return max(0, Int((mean + sqrt(mean) * normal()).rounded())) }
        let limit = exp(-mean)
        var k = 0, p = 1.0
        repeat { k += 1; p *= unit() } while p > limit
        return k - 1
    }

    mutating func normal() -> Double { sqrt(-2 * log(1 - unit())) * cos(2 * .pi * unit()) }
}

/// Name pools for people and companies, Chinese and English.
enum DemoNames {
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"]
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "晓东", "海燕", "志强", "建华", "丽丽"]
    static let firstNames = ["Anna", "Ben", "Chloe", "David", "Emma", "Frank", "Grace", "Henry", "Iris", "Jack", "Kate", "Leo", "Maya", "Noah", "Olivia", "Paul"]
    static let lastNames = ["Smith", "Johnson", "Lee", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Moore", "Taylor", "Clark", "Walker"]
    static let cities = ["上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "苏州", "天津", "重庆", "西安"]
    static let brands = ["华盛", "明珠", "长城", "东方", "金桥", "恒信", "远航", "瑞丰", "天成", "新拓", "博远", "嘉禾", "鼎泰", "中联"]
    static let trades = ["贸易", "科技", "制造", "物流", "医疗器械", "教育科技", "电子", "食品", "建材", "软件"]
    static let englishStems = ["Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Vandelay", "Hooli", "Pied Piper", "Soylent", "Tyrell"]
    static let englishSuffixes = ["Corp", "Ltd", "Group", "Industries", "Trading", "Systems"]

    static func person(_ random: inout DemoRandom, chineseShare: Double = 0.7) -> String {
        if random.chance(chineseShare) { return random.pick(surnames) + random.pick(givenNames) }
        return random.pick(firstNames) + " " + random.pick(lastNames)
    }

    static func company(_ random: inout DemoRandom, serial: Int) -> String {
        if random.chance(0.65) {
            return random.pick(cities) + random.pick(brands) + random.pick(trades) + "有限公司"
        }
        return random.pick(englishStems) + " " + random.pick(englishSuffixes) + " \(serial)"
    }
}
