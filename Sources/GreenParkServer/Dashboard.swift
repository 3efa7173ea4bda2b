import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The dashboard: server-rendered HTML (swift-mustache templates, no script, no CDN) in
/// English or Chinese. Signing in with a token makes a session cookie (HttpOnly,
/// SameSite=Strict, Secure behind TLS); every form carries the session's CSRF token. What a
/// page shows goes through the same policy as the API (``Gate``).
struct Dashboard: Sendable {
    let context: ParkContext
    let gate: Gate
    let sessions: SessionStore
    let summaries: SummaryCache
    let metrics: ServerMetrics
    let secureCookies: Bool

    func register(on router: Router<ServerRequestContext>) async throws {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw Problem(.internalServerError, "server.templates", "the dashboard's templates are missing")
        }
        let pages = DashboardPages(context: context, gate: gate, summaries: summaries, metrics: metrics,
                                   templates: try await MustacheLibrary(directory: directory))
        let css = try Data(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Static/style.css"))
        router.get("/static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Array(css))))
        }
        let icon = try Data(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Static/icon.svg"))
        // The icon also at /favicon.ico, which a browser asks for on pages without a <link>
        // (a problem+json answer shown in a tab).
        for path in ["/static/icon.svg", "/favicon.ico"] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "max-age=86400"],
                         body: .init(byteBuffer: ByteBuffer(bytes: Array(icon))))
            }
        }
        router.get("/") { _, _ in Response.redirect(to: "/dashboard", type: .found) }
        router.get("/login") { _, _ in try pages.html(pages.login(language: "en", error: nil)) }
        router.post("/login") { request, requestContext in try await signIn(request, requestContext, pages) }
        router.post("/logout") { request, requestContext in
            let session = try await checkedSession(request, requestContext)
            sessions.remove(session.id)
            var response = Response.redirect(to: "/login", type: .normal)
            response.headers[.setCookie] = cookie("", maxAge: 0)
            return response
        }
        router.get("/dashboard") { request, requestContext in
            guard let session = requestContext.session else { return Response.redirect(to: "/login", type: .found) }
            return try pages.html(try await pages.overview(session,
                month: request.uri.queryParameters["month"].map(String.init)))
        }
        router.get("/dashboard/members/:member") { request, requestContext in
            guard let session = requestContext.session else { return Response.redirect(to: "/login", type: .found) }
            let member = requestContext.parameters.get("member") ?? ""
            return try pages.html(try await pages.member(session, member: member,
                                                         month: request.uri.queryParameters["month"].map(String.init)))
        }
        router.get("/dashboard/ledger") { _, requestContext in
            guard let session = requestContext.session else { return Response.redirect(to: "/login", type: .found) }
            return try pages.html(try await pages.ledger(session))
        }
        router.get("/dashboard/admin") { _, requestContext in
            guard let session = requestContext.session else { return Response.redirect(to: "/login", type: .found) }
            return try pages.html(try await pages.admin(session))
        }
        router.post("/dashboard/users/:user/revoke") { request, requestContext in
            _ = try await checkedSession(request, requestContext)
            try gate.authorize(AccessTarget(.users, of: .park, write: true), resource: "revoke user")
            guard let id = requestContext.parameters.get("user").flatMap(Int64.init) else { throw Problem.notFound }
            _ = try await blocking { try AccessService(context: context).revoke(id: id) }
            return Response.redirect(to: "/dashboard/admin", type: .normal)
        }
    }

    /// `POST /login`: a valid token makes a session and its cookie; otherwise the form again (401).
    private func signIn(_ request: Request, _ requestContext: ServerRequestContext,
                        _ pages: DashboardPages) async throws -> Response {
        let form = try await Self.form(request)
        let language = form["lang"] == "zh" ? "zh" : "en"
        let token = form["token"] ?? ""
        let result = try await blocking { try AccessService(context: context).authenticate(token, at: context.now()) }
        guard case .success = result else {
            var response = try pages.html(pages.login(language: language,
                error: DashboardText.strings(language)["badToken"]))
            response.status = .unauthorized
            return response
        }
        let session = sessions.create(token: token, language: language)
        var response = Response.redirect(to: "/dashboard", type: .normal)
        response.headers[.setCookie] = cookie(session.id, maxAge: Int(SessionStore.lifetime))
        return response
    }

    /// The session of a form post whose `csrf` field matches it; 403 otherwise.
    private func checkedSession(_ request: Request, _ requestContext: ServerRequestContext) async throws -> Session {
        guard let session = requestContext.session else {
            throw Problem(.unauthorized, "auth.missing", "sign in first")
        }
        let form = try await Self.form(request)
        guard let csrf = form["csrf"],
              ApiToken.constantTimeEqual(Array(csrf.utf8), Array(session.csrf.utf8)) else {
            throw Problem(.forbidden, "auth.csrf", "the form is stale or forged; reload the page and try again")
        }
        return session
    }

    private func cookie(_ value: String, maxAge: Int) -> String {
        "greenpark_session=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (secureCookies ? "; Secure" : "")
    }

    /// An `application/x-www-form-urlencoded` body (at most 64 KiB).
    static func form(_ request: Request) async throws -> [String: String] {
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 << 10)
        } catch is NIOTooManyBytesError {
            throw BodyLimitMiddleware.tooLarge
        }
        let text = body.readString(length: body.readableBytes) ?? ""
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
