/// Errors of the record store, core and scripts, each with the exit code the command line uses
/// for it and a message worded in the language asked for where it is shown.
public enum StoreError: Error, CustomStringConvertible, Equatable, Worded {
    /// The request itself is wrong (unknown entity, bad option).
    case usage(Message)
    /// The input data is wrong; nothing was written.
    case badData(ImportReport)
    /// A file could not be read.
    case missingInput(Message)
    /// The store's server cannot be reached or refuses the login.
    case unavailable(Message)
    /// The store's server does not let this user do that.
    case denied(Message)
    /// Another writer changed what this write was computed from; doing it again will succeed.
    case conflict(Message)
    /// Anything else: the database, the file system.
    case failure(Message)

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        switch self {
        case .usage(let message), .missingInput(let message), .unavailable(let message), .denied(let message), .conflict(let message),
             .failure(let message):
            return message.text(language)
        case .badData(let report): return report.problemSummary(language)
        }
    }

    /// In English.
    public var description: String { text(.en) }

    /// sysexits-style exit code: 64 usage, 65 bad data, 66 missing input, 69 unavailable, 75 conflict
    /// (temporary: try again), 77 denied, 1 other.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .badData: return 65
        case .missingInput: return 66
        case .unavailable: return 69
        case .conflict: return 75
        case .denied: return 77
        case .failure: return 1
        }
    }
}

/// The closest of `candidates` to `name` by edit distance, when it is close enough to be a likely typo.
public func closestName(to name: String, among candidates: [String]) -> String? {
    if name.count >= 3, let extended = candidates.first(where: { $0.hasPrefix(name) }) { return extended }
    let scored = candidates.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, name.count / 3) else { return nil }
    return best
}

/// " (did you mean 'x'?)" when a candidate is close to `name`, else nothing: a message's `{hint}`.
public func didYouMean(_ name: String, among candidates: [String]) -> Message {
    closestName(to: name, among: candidates).map { Message("hint.did_you_mean", ["name": $0]) } ?? .none
}

/// The error for a field an entity does not have, wherever it is read.
public func unknownFieldMessage(_ name: String, of entity: Entity, among candidates: [String]) -> Message {
    Message("field.unknown", ["field": name, "entity": entity.label, "hint": didYouMean(name, among: candidates)])
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
