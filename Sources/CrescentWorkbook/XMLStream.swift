import Foundation
import CXML

/// What an XML stream says as it is read: elements opening and closing, and text between them.
/// Names and texts point into libxml2's buffers and are valid only during the call.
protocol XMLEvents: AnyObject {
    func start(_ name: XMLName, _ attributes: XMLAttributes)
    func end(_ name: XMLName)
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// The local name of an element (without its namespace prefix: `x:row` is `row`).
struct XMLName {
    let pointer: UnsafePointer<xmlChar>

    /// Whether the name is `name`.
    func `is`(_ name: StaticString) -> Bool {
        strcmp(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self),
               UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }
}

/// An element's attributes as libxml2 gives them: five pointers each (local name, prefix, URI, value start, value end).
struct XMLAttributes {
    let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute with local name `name`, or nil.
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer else { return nil }
        for index in 0..<count {
            let base = pointer + index * 5
            guard let local = base[0], XMLName(pointer: local).is(name), let start = base[3], let end = base[4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// The value as a string.
    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Where an XML part is malformed.
struct XMLFault: Error {
    let line: Int
    let column: Int
    let reason: String
}

/// libxml2's SAX2 push parser: bytes go in as they come out of the archive, events come out, and
/// nothing of the document is kept. External entities and the network are never used.
final class XMLStream {
    private let context: xmlParserCtxtPtr
    private let events: Unmanaged<AnyObject>
    private var failed: XMLFault?

    init(_ handler: any XMLEvents) {
        events = Unmanaged.passRetained(handler as AnyObject)
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, local, _, _, _, _, attributeCount, _, attributes in
            guard let context, let local else { return }
            XMLStream.handler(context).start(XMLName(pointer: local), XMLAttributes(pointer: attributes, count: Int(attributeCount)))
        }
        sax.endElementNs = { context, local, _, _ in
            guard let context, let local else { return }
            XMLStream.handler(context).end(XMLName(pointer: local))
        }
        sax.characters = { context, text, length in
            guard let context, let text else { return }
            XMLStream.handler(context).text(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.serror = { _, _ in }  // kept quiet: the fault is read from the context and reported by the caller
        context = xmlCreatePushParserCtxt(&sax, events.toOpaque(), nil, 0, nil)
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
    }

    deinit {
        xmlFreeParserCtxt(context)
        events.release()
    }

    private static func handler(_ context: UnsafeMutableRawPointer) -> any XMLEvents {
        Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as! any XMLEvents
    }

    /// Parses the first `count` bytes of `chunk`, the next of the document (`last` when they end it).
    func feed(_ chunk: [UInt8], count: Int, last: Bool) throws(XMLFault) {
        if let failed { throw failed }
        let status = chunk.withUnsafeBytes { bytes in
            xmlParseChunk(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), last ? 1 : 0)
        }
        if status != 0 || context.pointee.wellFormed == 0 {
            let error = xmlCtxtGetLastError(context)
            let reason = error?.pointee.message.map { String(cString: $0).trimmingWhitespace } ?? "malformed XML"
            let fault = XMLFault(line: Int(error?.pointee.line ?? 0), column: Int(error?.pointee.int2 ?? 0), reason: reason)
            failed = fault
            throw fault
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        return String(text)
    }
}
