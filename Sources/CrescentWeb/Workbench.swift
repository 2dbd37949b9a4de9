import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import Hummingbird

/// The web workbench on one store: the dashboard, the report plugins as pages with their
/// parameters in the address (`/reports/NAME?PARAM=VALUE`), the records behind their numbers,
/// the alerts, and the JSON of each under `/api/`. Pages are the report renderers' HTML: every
/// value escaped, no script, nothing fetched from elsewhere. On a shared store people sign in
/// and every page is computed as them. Store work runs off the server's event loops.
public struct Workbench: Sendable {
    public let access: WebAccess
    /// The language of a request that asks for none (no `?lang=`, cookie or Chinese or English in `Accept-Language`).
    public let language: Language
    public let pluginFolders: [String]
    let sessions = SessionBook()
    let limiter = LoginLimiter()
    let pages = PageCache()
    /// The CSRF token of forms on the open store (no sessions there).
    let openCSRF = randomToken()
    /// The queue of the open store's pages: concurrent, as a SQLite store's pool of connections lets
    /// readers be (a session's store on a server, one connection, has a serial queue of its own).
    let openQueue = DispatchQueue(label: "crescent.web.store", attributes: .concurrent)

    public init(access: WebAccess, language: Language, pluginFolders: [String] = ReportCatalog.folders(extra: [])) {
        self.access = access
        self.language = language
        self.pluginFolders = pluginFolders
    }

    /// The routes of the workbench.
    public func router() -> Router<WorkbenchContext> {
        let router = Router(context: WorkbenchContext.self)
        router.get("/login") { request, _ in self.loginPage(request, problem: nil) }
        router.post("/login") { request, context in try await self.signIn(request, context) }
        router.post("/logout") { request, _ in try await self.signOut(request) }
        router.get("/") { request, _ in await self.serve(request) { try self.dashboard($0) } }
        router.get("/reports") { request, _ in await self.serve(request) { try self.index($0) } }
        // Each page, and its JSON under /api/ (the page's `format` is nil, the API's "json").
        pageAndAPI(router, "/reports/:name") { try self.report($1, $0, format: $2) }
        pageAndAPI(router, "/kpis/:name/records") { try self.records($1, $0, format: $2) }
        pageAndAPI(router, "/kpis/:name") { try self.kpi($1, $0, format: $2) }
        pageAndAPI(router, "/funnel") { visit, _, format in try self.funnel(visit, format: format) }
        pageAndAPI(router, "/funnel/deals") { visit, _, format in try self.stageDeals(visit, format: format) }
        pageAndAPI(router, "/segments/:name") { try self.segment($1, $0, format: $2) }
        pageAndAPI(router, "/segments/:name/members") { try self.members($1, $0, format: $2) }
        pageAndAPI(router, "/segments/:name/moves") { try self.moves($1, $0, format: $2) }
        pageAndAPI(router, "/customers/:name") { try self.report(Self.customerPlugin, $0, format: $2, given: ["customer": $1]) }
        pageAndAPI(router, "/alerts") { visit, _, format in try self.alerts(visit, format: format) }
        router.post("/alerts/ack") { request, _ in
            let form = try await Self.form(request)
            return await self.serve(request, form: form) { try self.acknowledge($0, form) }
        }
        return router
    }

    /// Routes `path` (its `:name`, when it has one, handed to `build`) to a page and `/api` + `path` to its JSON.
    private func pageAndAPI(_ router: Router<WorkbenchContext>, _ path: String,
                            _ build: @escaping @Sendable (Visit, String, String?) throws -> WebReply) {
        for api in [false, true] {
            router.get(RouterPath(api ? "/api" + path : path)) { request, context in
                let name = context.parameters.get("name") ?? ""
                return await self.serve(request, api: api) { try build($0, name, api ? "json" : nil) }
            }
        }
    }
}
