/// A message for people, worded where it is shown, in the language asked for: a catalog key and
/// the values of its `{name}` placeholders. A value may itself be a message (worded in the same
/// language), so a layer can add its context to what a lower one said.
public struct Message: Error, Sendable, Equatable, CustomStringConvertible, MessageValue {
    public let key: String
    public private(set) var values: [(name: String, value: any MessageValue)]

    public init(_ key: String, _ values: KeyValuePairs<String, any MessageValue> = [:]) {
        self.key = key
        self.values = values.map { ($0.key, $0.value) }
    }

    /// No text: an empty `{hint}`.
    public static let none = Message("")

    /// `key`, or `key.one` when `count` is 1 (English says "1 problem", "2 problems"); `count`
    /// fills `{count}`.
    public static func counting(_ key: String, _ count: Int, _ values: KeyValuePairs<String, any MessageValue> = [:]) -> Message {
        var message = Message(count == 1 ? key + ".one" : key, values)
        message.values.append(("count", count))
        return message
    }

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        Words(language).t(key, values.map { ($0.name, $0.value.worded(language)) })
    }

    public func worded(_ language: Language) -> String { text(language) }

    /// In English: logs, tests, and where no language was asked for.
    public var description: String { text(.en) }

    public static func == (a: Message, b: Message) -> Bool { a.key == b.key && a.description == b.description }
}

/// What a message's placeholder may hold: text as it is (names, ids, numbers), or another message.
public protocol MessageValue: Sendable {
    func worded(_ language: Language) -> String
}

extension String: MessageValue {
    public func worded(_ language: Language) -> String { self }
}

extension Int: MessageValue {
    public func worded(_ language: Language) -> String { String(self) }
}

/// Several messages as one value, each worded in the same language.
public struct MessageList: MessageValue {
    public let messages: [Message]
    public let separator: String

    public init(_ messages: [Message], separator: String) {
        self.messages = messages
        self.separator = separator
    }

    public func worded(_ language: Language) -> String { messages.map { $0.text(language) }.joined(separator: separator) }
}

/// An error (or anything else) people read, worded in the language asked for where it is shown.
public protocol Worded {
    func text(_ language: Language) -> String
}

extension Message: Worded {}
