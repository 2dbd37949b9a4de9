/// The workbook's table of strings, which text cells refer to by index: kept as one array of
/// UTF-8 bytes and the offsets where each string starts (a million strings cost two allocations).
final class SharedStrings: XMLEvents {
    private(set) var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var depthInPhonetic = 0
    private var inText = false
    private var current: [UInt8] = []

    init() {}

    var count: Int { starts.count }

    /// The bytes of string `index`, or nil when there is none.
    func string(_ index: Int) -> ArraySlice<UInt8>? {
        guard index >= 0, index < starts.count else { return nil }
        let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
        return bytes[starts[index]..<end]
    }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("si") {
            current.removeAll(keepingCapacity: true)
        } else if name.is("rPh") {
            depthInPhonetic += 1  // the reading of East Asian text, shown above it: not part of the value
        } else if name.is("t") {
            inText = depthInPhonetic == 0
        }
    }

    func end(_ name: XMLName) {
        if name.is("si") {
            starts.append(bytes.count)
            appendUnescaped(current, to: &bytes)
        } else if name.is("rPh") {
            depthInPhonetic -= 1
        } else if name.is("t") {
            inText = false
        }
    }

    func text(_ text: UnsafeBufferPointer<UInt8>) {
        if inText { current.append(contentsOf: text) }
    }
}

/// Appends `text` with OOXML's escapes of characters XML cannot hold decoded: `_x000D_` is a carriage return.
func appendUnescaped<Text: Collection<UInt8>>(_ text: Text, to output: inout [UInt8]) where Text.Index == Int {
    guard text.count >= 7, text.contains(UInt8(ascii: "_")) else {
        output.append(contentsOf: text)
        return
    }
    var index = text.startIndex
    while index < text.endIndex {
        if text[index] == UInt8(ascii: "_"), index + 6 < text.endIndex, text[index + 1] == UInt8(ascii: "x"),
           text[index + 6] == UInt8(ascii: "_"), let scalar = hexScalar(text[(index + 2)..<(index + 6)]) {
            output.append(contentsOf: String(Character(scalar)).utf8)
            index += 7
        } else {
            output.append(text[index])
            index += 1
        }
    }
}

private func hexScalar<Digits: Collection<UInt8>>(_ digits: Digits) -> Unicode.Scalar? {
    var value: UInt32 = 0
    for digit in digits {
        switch digit {
        case 48...57: value = value * 16 + UInt32(digit - 48)
        case 65...70: value = value * 16 + UInt32(digit - 55)
        case 97...102: value = value * 16 + UInt32(digit - 87)
        default: return nil
        }
    }
    return Unicode.Scalar(value)
}
