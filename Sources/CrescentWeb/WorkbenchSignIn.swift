import CrescentReport
import CrescentStore
import Foundation
import Hummingbird

/// Signing in and out. The sign-in form carries a token also set as a cookie (a cross-site page
/// cannot read it to post the form); failures are limited per client and per login; a session's
/// cookie is HttpOnly and SameSite=Strict.
extension Workbench {
    static let formCookie = "crescent_form"

    func loginPage(_ request: Request, problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        let language = language(of: request)
        guard case .signIn = access else { return reply(.redirect("/"), status: .seeOther, request, language) }
        let words = Words(language), token = randomToken()
        let next = Self.safeNext(Self.parameters(request)["next"])
        func e(_ key: String) -> String { HTMLRenderer.escaped(words.t(key)) }
        let body = """
            <nav class="workbench"><a href="/login?lang=zh&amp;next=\(HTMLRenderer.escaped(Self.percentEncoded(next)))">中文</a>\
            <a href="/login?lang=en&amp;next=\(HTMLRenderer.escaped(Self.percentEncoded(next)))">English</a></nav>
            <h1>\(e("web.title"))</h1>
            \(problem.map { "<p class=\"problem\" role=\"alert\">\(HTMLRenderer.escaped($0))</p>" } ?? "")
            <form method="post" action="/login" class="params">
            <input type="hidden" name="csrf" value="\(token)"><input type="hidden" name="next" value="\(HTMLRenderer.escaped(next))">
            <label>\(e("web.login")) <input name="login" autocomplete="username" required autofocus></label>
            <label>\(e("web.password")) <input name="password" type="password" autocomplete="current-password"></label>
            <button type="submit">\(e("web.sign_in"))</button>
            </form>
            """
        var response = reply(.html(Self.page(title: words.t("web.sign_in"), language: language, body: body)), status: status, request, language)
        response.setCookie(Cookie(name: Self.formCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }

    func signIn(_ request: Request, _ context: WorkbenchContext) async throws -> Response {
        let language = language(of: request), words = Words(language)
        guard case .signIn(let open, _) = access else { return reply(.redirect("/"), status: .seeOther, request, language) }
        let form = try await Self.form(request)
        guard let token = form["csrf"], token == request.cookies[Self.formCookie]?.value, Self.sameOrigin(request) else {
            return loginPage(request, problem: words.t("web.bad_form"), status: .forbidden)
        }
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespaces), password = form["password"] ?? ""
        let keys: [LoginLimiter.Key] = [.client(context.client), .login(login)]
        if let wait = limiter.wait(keys) {
            var response = loginPage(request, problem: words.t("web.too_many", ["seconds": "\(wait)"]), status: .tooManyRequests)
            response.headers[.retryAfter] = "\(wait)"
            return response
        }
        let opened: Result<any RecordStore, any Error> = password.isEmpty ? .failure(StoreError.usage(Message("web.wrong_login")))
            : await withCheckedContinuation { done in
                DispatchQueue.global().async { done.resume(returning: Result { try open(login, password) }) }
            }
        // An empty password is refused here: a server that trusts a role would let anyone in as it.
        guard case .success(let store) = opened, !login.isEmpty, !password.isEmpty else {
            limiter.failed(keys)
            return loginPage(request, problem: words.t("web.wrong_login"), status: .unauthorized)
        }
        let session = sessions.open(login: login, store: store)
        var response = reply(.redirect(Self.safeNext(form["next"])), status: .seeOther, request, language)
        response.setCookie(Cookie(name: Self.sessionCookie, value: session.token, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        let language = language(of: request)
        let form = try await Self.form(request)
        if let session = sessions.session(request.cookies[Self.sessionCookie]?.value) {
            guard form["csrf"] == session.csrf, Self.sameOrigin(request) else {
                return failure(Words(language).t("web.bad_form"), status: .forbidden, request, language)
            }
            sessions.close(session.token)
        }
        var response = reply(.redirect("/login"), status: .seeOther, request, language)
        response.setCookie(Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Where to go after signing in: a path on this server, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}
