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
        router.get("/reports/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request) { try self.report(name, $0) }
        }
        router.get("/api/reports/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request, api: true) { try self.report(name, $0, format: "json") }
        }
        router.get("/kpis/:name/records") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request) { try self.records(name, $0) }
        }
        router.get("/api/kpis/:name/records") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request, api: true) { try self.records(name, $0, format: "json") }
        }
        router.get("/kpis/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request) { try self.kpi(name, $0) }
        }
        router.get("/api/kpis/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request, api: true) { try self.kpi(name, $0, format: "json") }
        }
        router.get("/funnel") { request, _ in await self.serve(request) { try self.funnel($0) } }
        router.get("/api/funnel") { request, _ in await self.serve(request, api: true) { try self.funnel($0, format: "json") } }
        router.get("/segments/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request) { try self.segment(name, $0) }
        }
        router.get("/api/segments/:name") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request, api: true) { try self.segment(name, $0, format: "json") }
        }
        router.get("/segments/:name/members") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request) { try self.members(name, $0) }
        }
        router.get("/api/segments/:name/members") { request, context in
            let name = try context.parameters.require("name")
            return await self.serve(request, api: true) { try self.members(name, $0, format: "json") }
        }
        router.get("/customers/:id") { request, context in
            let id = try context.parameters.require("id")
            return await self.serve(request) { try self.report(Self.customerPlugin, $0, given: ["customer": id]) }
        }
        router.get("/api/customers/:id") { request, context in
            let id = try context.parameters.require("id")
            return await self.serve(request, api: true) { try self.report(Self.customerPlugin, $0, format: "json", given: ["customer": id]) }
        }
        router.get("/alerts") { request, _ in await self.serve(request) { try self.alerts($0) } }
        router.get("/api/alerts") { request, _ in await self.serve(request, api: true) { try self.alerts($0, format: "json") } }
        router.post("/alerts/ack") { request, _ in
            let form = try await Self.form(request)
            return await self.serve(request, form: form) { try self.acknowledge($0, form) }
        }
        return router
    }
}
