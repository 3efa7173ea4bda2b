import Crypto
import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird

/// Signs a request in: a bearer token (the API; the scheme in any case) or the dashboard's
/// session cookie. First the per-caller rate limit (429), keyed by the token's hash, the
/// session or, without either, the peer's address, so that unknown tokens are limited too
/// and nobody can use up another's budget. A token that is unknown, expired or revoked
/// answers 401; a request without one goes on unsigned (routes that need a principal refuse
/// it), except under `/v1/` and the OpenADR VTN `/openadr3/`, which answer 401 at once (the
/// VTN takes bearer tokens only, never the cookie). A request signed in by the cookie that
/// changes something under `/v1` must carry the session's CSRF token in `X-CSRF-Token` (403
/// otherwise). Then the context is made visible
/// to the generated handlers.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let access: AccessService
    let sessions: SessionStore
    let limiter: RateLimiter
    /// Seconds on a monotonic clock for the limiter (``ServerConfiguration/rateClock``).
    var rateClock: @Sendable () -> Double = ServerConfiguration.uptimeSeconds
    let clock: @Sendable () -> Timestamp

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // Public routes (health, the spec, metrics, sign-in, static files) read no credentials.
        // The path as the router matches it: empty segments ("//v1/park") do not count.
        let path = "/" + request.uri.path.split(separator: "/").joined(separator: "/")
        let vtn = path.hasPrefix("/openadr3/")
        let api = path.hasPrefix("/v1/") || vtn || path.hasPrefix("/dashboard") || path == "/logout"
        let bearer = api ? Self.bearer(request.headers[.authorization]) : nil
        let cookie = request.cookies["greenpark_session"]?.value
        let key = bearer.map { "token:" + Hex.string(SHA256.hash(data: Array($0.utf8)).prefix(16)) }
            ?? cookie.map { "session:" + $0 } ?? "ip:" + (context.remoteIP ?? "local")
        guard limiter.take(key, now: rateClock()) else {
            throw Problem(.tooManyRequests, "request.rate-limited",
                          "more than \(Int(limiter.rate)) requests per second from this caller; slow down")
        }
        if let bearer {
            switch try access.authenticate(bearer, at: clock()) {
            case .success(let principal): context.principal = principal
            case .failure(let refusal):
                throw Problem(.unauthorized, "auth.\(refusal.rawValue)-token", refusal == .unknown
                    ? "the token is not known; ask the operator for one (greenpark users add)"
                    : "the token was \(refusal.rawValue); ask the operator for a new one")
            }
        } else if api, !vtn, let cookie, let session = sessions.session(cookie) {
            // The VTN takes bearer tokens only: a cookie there would be a change without CSRF protection.
            switch try access.authenticate(session.token, at: clock()) {
            case .success(let principal):
                context.principal = principal
                context.session = session
                if request.method != .get, request.method != .head, path.hasPrefix("/v1/") {
                    let sent = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
                    guard ApiToken.constantTimeEqual(Array(sent.utf8), Array(session.csrf.utf8)) else {
                        throw Problem(.forbidden, "auth.csrf", "a change signed in by the dashboard's cookie needs "
                            + "the session's X-CSRF-Token header; API clients send a bearer token instead")
                    }
                }
            case .failure:
                sessions.remove(cookie)
            }
        }
        if context.principal == nil, path.hasPrefix("/v1/") || vtn {
            throw Problem(.unauthorized, "auth.missing", "sign in: send Authorization: Bearer <token>")
        }
        return try await ServerRequestContext.$current.withValue(context) { try await next(request, context) }
    }

    /// The token of `Authorization: Bearer <token>` (the scheme in any case, RFC 9110).
    static func bearer(_ header: String?) -> String? {
        guard let header, let space = header.firstIndex(of: " "),
              header[..<space].lowercased() == "bearer" else { return nil }
        let token = header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
