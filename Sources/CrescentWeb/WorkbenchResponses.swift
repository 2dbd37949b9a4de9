import CrescentReport
import CrescentStore
import Foundation
import Hummingbird
import LuaKit

/// One request as the pages see it: its language, the store as the person signed in sees it, and
/// the parameters of its address.
struct Visit: Sendable {
    let request: Request
    let language: Language
    let store: any RecordStore
    let session: WebSession?
    /// The token forms that change something carry.
    let csrf: String
    let query: [String: String]

    var words: Words { Words(language) }
}

/// What a page answers.
enum WebReply: Sendable {
    case html(String)
    case json(String)
    case file(Data, type: String, name: String)
    case redirect(String)
}

extension Workbench {
    static let sessionCookie = "crescent_session"
    static let languageCookie = "crescent_lang"

    /// Answers `request` with `body`, run off the event loops on the store of the person signed in
    /// (or the open store); without a session on a store that needs one, the sign-in page (an API
    /// call: 401). A `form` that changes something must carry the session's CSRF token.
    func serve(_ request: Request, api: Bool = false, form: [String: String]? = nil,
               _ body: @escaping @Sendable (Visit) throws -> WebReply) async -> Response {
        let language = language(of: request)
        let session: WebSession?, store: any RecordStore, queue: DispatchQueue
        switch access {
        case .open(let open, _):
            (session, store, queue) = (nil, open, openQueue)
        case .signIn:
            guard let found = sessions.session(request.cookies[Self.sessionCookie]?.value) else {
                if api { return reply(.json("{\"error\": \"sign in first\"}\n"), status: .unauthorized, request, language) }
                return reply(.redirect("/login?next=" + Self.percentEncoded(request.uri.description)), status: .seeOther, request, language)
            }
            (session, store, queue) = (found, found.store, found.queue)
        }
        let csrf = session?.csrf ?? openCSRF
        if let form, form["csrf"] != csrf || !Self.sameOrigin(request) {
            return failure(Words(language).t("web.bad_form"), status: .forbidden, request, language)
        }
        let visit = Visit(request: request, language: language, store: store, session: session, csrf: csrf, query: Self.parameters(request))
        // A page to read is kept for whoever sees the same (the login), by address, language and day, while the store stays as it was.
        let key = "\(session?.login ?? "")\n\(language.rawValue)\n\(CalendarDate.today())\n\(request.uri.description)"
        let version = access.version, cache = pages
        let result: Result<(WebReply, hit: Bool), any Error> = await withCheckedContinuation { done in
            queue.async {
                done.resume(returning: Result {
                    guard form != nil else { return try cache.reply(key, version: version()) { try body(visit) } }
                    defer { cache.changed() }
                    return (try body(visit), false)
                })
            }
        }
        switch result {
        case .success(let (answer, hit)):
            var response = reply(answer, status: answer.isRedirect ? .seeOther : .ok, request, language)
            response.headers[.init("X-Crescent-Cache")!] = hit ? "hit" : "miss"
            return response
        case .failure(let error):
            let said = (error as? any Worded)?.text(language) ?? (error as? LuaError)?.message ?? Words(language).t("web.failed")
            let status: HTTPResponse.Status = (error as? StoreError).map { $0.exitCode == 64 ? .notFound : .badRequest } ?? .badRequest
            if api { return reply(.json(JSONText.encode(["error": said]) + "\n"), status: status, request, language) }
            return failure(said, status: status, request, language)
        }
    }

    /// A page saying what is wrong, never a trace.
    func failure(_ said: String, status: HTTPResponse.Status, _ request: Request, _ language: Language) -> Response {
        reply(.html(Self.page(title: said, language: language, body: "<p>\(HTMLRenderer.escaped(said))</p>\n<p><a href=\"/\">"
                              + HTMLRenderer.escaped(Words(language).t("web.dashboard")) + "</a></p>")),
              status: status, request, language)
    }

    /// The response of `answer`, with the headers every page has: a strict content security policy,
    /// no sniffing, no caching of what a signed-in person sees; and the language cookie when the address chose one.
    func reply(_ answer: WebReply, status: HTTPResponse.Status, _ request: Request, _ language: Language) -> Response {
        var headers: HTTPFields = [.init("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-store",
                                   .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
                                   .init("Referrer-Policy")!: "same-origin"]
        let bytes: ByteBuffer
        switch answer {
        case .html(let text): headers[.contentType] = "text/html; charset=utf-8"; bytes = ByteBuffer(string: text)
        case .json(let text): headers[.contentType] = "application/json; charset=utf-8"; bytes = ByteBuffer(string: text)
        case .file(let data, let type, let name):
            headers[.contentType] = type
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            bytes = ByteBuffer(bytes: data)
        case .redirect(let location): headers[.location] = location; bytes = ByteBuffer()
        }
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: bytes))
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) {
            response.setCookie(Cookie(name: Self.languageCookie, value: asked.rawValue, maxAge: 365 * 86400, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// `?lang=zh|en`, else the language cookie, else the first of Chinese and English the browser's
    /// `Accept-Language` names, else the default.
    func language(of request: Request) -> Language {
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return asked }
        if let kept = request.cookies[Self.languageCookie].flatMap({ Language(rawValue: $0.value) }) { return kept }
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        let ranked = accepted.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
        for tag in ranked {
            if tag.hasPrefix("zh") { return .zh }
            if tag.hasPrefix("en") { return .en }
        }
        return language
    }

    static func parameters(_ request: Request) -> [String: String] {
        var given: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { given[String(key)] = String(value) }
        return given
    }

    /// The fields of a form posted as `application/x-www-form-urlencoded` (at most 64 KB).
    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: 65536)
        var parts = URLComponents()
        parts.percentEncodedQuery = String(buffer: body).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in parts.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        return fields
    }

    /// A browser's cross-site post names another origin: refused even with a token.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let host = request.head.authority else { return false }
        return URLComponents(string: origin).map { parts in (parts.host ?? "") + (parts.port.map { ":\($0)" } ?? "") == host } ?? false
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~/"))) ?? ""
    }
}

extension WebReply {
    var isRedirect: Bool { if case .redirect = self { true } else { false } }
}
