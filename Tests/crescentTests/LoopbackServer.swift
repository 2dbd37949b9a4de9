import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP server on 127.0.0.1 for webhook tests: it records each request's body and answers
/// with the status `status` says at that moment (0: no answer at all, the connection held open).
final class LoopbackServer: @unchecked Sendable {
    private let socket: Int32
    let port: UInt16
    private let lock = NSLock()
    private var bodies: [String] = []
    private var targets: [String] = []
    private var nextStatus = 200
    private var nextAnswer = ""
    /// Connections left unanswered (status 0).
    private var held: [Int32] = []

    init() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in serve() }
    }

    deinit {
        close(socket)
        held.forEach { close($0) }
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    var status: Int {
        get { lock.withLock { nextStatus } }
        set { lock.withLock { nextStatus = newValue } }
    }

    var received: [String] { lock.withLock { bodies } }
    /// The request target (path and query) of each request, in order.
    var requested: [String] { lock.withLock { targets } }

    /// The body of the answers (a vendor's `{"errcode": 0}`), sent as JSON.
    var answer: String {
        get { lock.withLock { nextAnswer } }
        set { lock.withLock { nextAnswer = newValue } }
    }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
                let text = String(decoding: data, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    let headers = text[..<end.lowerBound].lowercased()
                    let length = headers.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    let body = Array(data[(text.utf8.distance(from: text.startIndex, to: end.upperBound))...])
                    if body.count >= length {
                        let target = headers.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                        let original = text.split(separator: " ").dropFirst().first.map(String.init) ?? target
                        lock.withLock {
                            bodies.append(String(decoding: body.prefix(length), as: UTF8.self))
                            targets.append(original)
                        }
                        break
                    }
                }
            }
            let code = status
            if code == 0 { held.append(client); continue }  // an unresponsive webhook: no answer, the connection kept open
            let body = answer
            let reply = "HTTP/1.1 \(code) \(code == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
            _ = reply.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }
}
