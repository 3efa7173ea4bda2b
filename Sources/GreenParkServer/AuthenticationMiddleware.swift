import Foundation
import GreenParkCore
import GreenParkServices
import Hummingbird
import HummingbirdAuth

/// Signs a request in: a bearer token (the API) or the dashboard's session cookie. A token
/// that is unknown, expired or revoked answers 401 at once; a request without one goes on
/// unsigned (the routes that need a principal refuse it). Then the per-caller rate limit
/// (429), and the context is made visible to the generated handlers.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let access: AccessService
    let sessions: SessionStore
    let limiter: RateLimiter
    let clock: @Sendable () -> Timestamp

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let bearer = request.headers.bearer {
            switch try access.authenticate(bearer.token, at: clock()) {
            case .success(let principal): context.principal = principal
            case .failure(let refusal):
                throw Problem(.unauthorized, "auth.\(refusal.rawValue)-token", refusal == .unknown
                    ? "the token is not known; ask the operator for one (greenpark users add)"
                    : "the token was \(refusal.rawValue); ask the operator for a new one")
            }
        } else if let id = request.cookies["greenpark_session"]?.value, let session = sessions.session(id) {
            switch try access.authenticate(session.token, at: clock()) {
            case .success(let principal):
                context.principal = principal
                context.session = session
            case .failure:
                sessions.remove(id)
            }
        }
        let key = context.principal.map { "user:\($0.userId)" } ?? "anonymous"
        guard limiter.take(key, now: Double(DispatchTime.now().uptimeNanoseconds) / 1e9) else {
            throw Problem(.tooManyRequests, "request.rate-limited",
                          "more than \(Int(limiter.rate)) requests per second for this token; slow down")
        }
        return try await ServerRequestContext.$current.withValue(context) { try await next(request, context) }
    }
}
