import Foundation

/// Parses JSON text with Foundation's parser: nil when it is not valid JSON.
public func parsedJSON(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// Whether `actual` (JSON text) holds everything of `expected` (JSON text, perhaps written in
/// another layout or key order): every key of an expected object with a matching value, every
/// element of an expected array in order (the actual array may go on), numbers equal as numbers.
/// A field expected as null must be there as null.
public func jsonMatches(_ actual: String, _ expected: String) -> Bool {
    guard let a = parsedJSON(actual), let e = parsedJSON(expected) else { return false }
    return jsonValue(a, holds: e)
}

/// Whether `actual` and `expected` are the same JSON value (both ways a match).
public func sameJSON(_ actual: String, _ expected: String) -> Bool {
    jsonMatches(actual, expected) && jsonMatches(expected, actual)
}

private func jsonValue(_ actual: Any, holds expected: Any) -> Bool {
    switch (actual, expected) {
    case let (a as [String: Any], e as [String: Any]):
        return e.allSatisfy { key, value in a[key].map { jsonValue($0, holds: value) } ?? false }
    case let (a as [Any], e as [Any]):
        return e.count <= a.count && zip(a, e).allSatisfy { jsonValue($0, holds: $1) }
    case (is NSNull, is NSNull): return true
    case let (a as NSNumber, e as NSNumber):
        // Booleans and numbers are both NSNumber: true is not 1.
        let aBool = String(cString: a.objCType) == "c", eBool = String(cString: e.objCType) == "c"
        return aBool == eBool && a.doubleValue == e.doubleValue
    case let (a as String, e as String): return a == e
    default: return false
    }
}
