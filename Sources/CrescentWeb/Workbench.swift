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
        router.get("/") { _, _ in try await self.page { try self.index() } }
        router.get("/reports/:name") { request, context in
            let name = try context.parameters.require("name")
            return try await self.page { try self.report(name, Self.parameters(request)).rendered(.html) }
        }
        router.get("/api/reports/:name") { request, context in
            let name = try context.parameters.require("name")
            return try await self.json { try self.report(name, Self.parameters(request)).rendered(.json) }
        }
        router.get("/alerts") { _, _ in try await self.page { try self.alerts().rendered(.html, language: self.language) } }
        router.get("/api/alerts") { _, _ in try await self.json { try self.alerts().rendered(.json, language: self.language) } }
        return router
    }

    // MARK: Pages

    private func catalog(asOf: CalendarDate = .today()) -> ReportCatalog {
        ReportCatalog(folders: pluginFolders, environment: ScriptEnvironment(limits: .init(seconds: 30), asOf: asOf, language: language),
                      store: store)
    }

    private func index() throws -> String {
        let words = Words(language)
        let items = catalog().plugins.map { plugin in
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

    private func report(_ name: String, _ given: [String: String]) throws -> ReportDocument {
        try store.consistentRead { try catalog().plugin(named: name).run(given) }
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

    private func page(_ body: @escaping @Sendable () throws -> String) async throws -> Response {
        try await respond("text/html; charset=utf-8", body)
    }

    private func json(_ body: @escaping @Sendable () throws -> String) async throws -> Response {
        try await respond("application/json; charset=utf-8", body)
    }

    /// Runs `body` on a worker thread; a store or script error is a 400 page saying what is wrong, never a trace.
    private func respond(_ type: String, _ body: @escaping @Sendable () throws -> String) async throws -> Response {
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
