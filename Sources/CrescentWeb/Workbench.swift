import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import Hummingbird
import LuaKit

/// The web workbench's pages on one store: the report plugins as pages with their parameters in
/// the address (`/reports/NAME?PARAM=VALUE`), the alerts, and the JSON of each under `/api/`. Pages
/// are the report renderers' HTML: every value escaped, no script, nothing fetched from elsewhere.
/// Store work runs off the server's event loops.
public struct Workbench: Sendable {
    public let store: any RecordStore
    /// The language of a request that asks for none (no `?lang=`, no Chinese or English in `Accept-Language`).
    public let language: Language
    public let pluginFolders: [String]

    public init(store: any RecordStore, language: Language, pluginFolders: [String] = ReportCatalog.folders(extra: [])) {
        self.store = store
        self.language = language
        self.pluginFolders = pluginFolders
    }

    /// The routes of the workbench.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { request, _ in
            let language = self.language(of: request)
            return try await self.page(language) { try self.index(language) }
        }
        router.get("/reports/:name") { request, context in
            let name = try context.parameters.require("name"), language = self.language(of: request)
            return try await self.page(language) { try self.report(name, Self.parameters(request), language).rendered(.html) }
        }
        router.get("/api/reports/:name") { request, context in
            let name = try context.parameters.require("name"), language = self.language(of: request)
            return try await self.json(language) { try self.report(name, Self.parameters(request), language).rendered(.json) }
        }
        router.get("/alerts") { request, _ in
            let language = self.language(of: request)
            return try await self.page(language) { try self.alerts().rendered(.html, language: language) }
        }
        router.get("/api/alerts") { request, _ in
            let language = self.language(of: request)
            return try await self.json(language) { try self.alerts().rendered(.json, language: language) }
        }
        return router
    }

    // MARK: Pages

    /// `?lang=zh|en`, else the first of Chinese and English the browser's `Accept-Language` names, else the default.
    func language(of request: Request) -> Language {
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return asked }
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        let ranked = accepted.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }
        for tag in ranked {
            if tag.hasPrefix("zh") { return .zh }
            if tag.hasPrefix("en") { return .en }
        }
        return language
    }

    private func catalog(_ language: Language, asOf: CalendarDate = .today()) -> ReportCatalog {
        ReportCatalog(folders: pluginFolders, environment: ScriptEnvironment(limits: .init(seconds: 30), asOf: asOf, language: language),
                      store: store)
    }

    private func index(_ language: Language) throws -> String {
        let words = Words(language)
        let items = catalog(language).plugins.map { plugin in
            "<li><a href=\"/reports/\(HTMLRenderer.escaped(plugin.name))\">\(HTMLRenderer.escaped(plugin.title))</a>"
                + (plugin.description.isEmpty ? "" : " — " + HTMLRenderer.escaped(plugin.description)) + "</li>"
        }
        return HTMLRenderer.page(title: words.t("web.title"), language: language, body: """
            <h1>\(HTMLRenderer.escaped(words.t("web.title")))</h1>
            <h2>\(HTMLRenderer.escaped(words.t("web.reports")))</h2>
            <ul>\(items.joined())</ul>
            <p><a href="/alerts">\(HTMLRenderer.escaped(words.t("alert.title")))</a></p>
            """)
    }

    private func report(_ name: String, _ given: [String: String], _ language: Language) throws -> ReportDocument {
        var given = given
        given["lang"] = nil  // the page's language, not a report parameter
        return try store.consistentRead { try catalog(language).plugin(named: name).run(given) }
    }

    private func alerts() throws -> AlertList {
        AlertList(try store.alerts(.notClosed), ownerNames: try store.names(of: .reps))
    }

    // MARK: Responses

    static func parameters(_ request: Request) -> [String: String] {
        var given: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { given[String(key)] = String(value) }
        return given
    }

    private func page(_ language: Language, _ body: @escaping @Sendable () throws -> String) async throws -> Response {
        try await respond("text/html; charset=utf-8", language, body)
    }

    private func json(_ language: Language, _ body: @escaping @Sendable () throws -> String) async throws -> Response {
        try await respond("application/json; charset=utf-8", language, body)
    }

    /// Runs `body` on a worker thread; a store or script error is a 400 page saying what is wrong, never a trace.
    private func respond(_ type: String, _ language: Language, _ body: @escaping @Sendable () throws -> String) async throws -> Response {
        let result: Result<String, any Error> = await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: Result { try body() }) }
        }
        var headers: HTTPFields = [.contentType: type, .init("X-Content-Type-Options")!: "nosniff",
                                   .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; img-src data:"]
        switch result {
        case .success(let text):
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        case .failure(let error):
            let said = (error as? StoreError)?.text(language) ?? (error as? LuaError)?.message ?? Words(language).t("web.failed")
            headers[.contentType] = "text/html; charset=utf-8"
            let status: HTTPResponse.Status = (error as? StoreError).map { $0.exitCode == 64 ? .notFound : .badRequest } ?? .badRequest
            let html = HTMLRenderer.page(title: said, language: language, body: "<p>\(HTMLRenderer.escaped(said))</p>")
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
