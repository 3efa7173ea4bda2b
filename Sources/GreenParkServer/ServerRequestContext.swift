import Hummingbird
import GreenParkCore

/// The request context of every route: Hummingbird's core context and the principal the
/// request signed in as (nil until ``AuthenticationMiddleware`` found one).
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The session, when the request signed in with the dashboard's cookie.
    public var session: Session?
    /// The peer's IP address (the rate limit's key for requests without a token).
    public let remoteIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        session = nil
        remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are limited by ``BodyLimitMiddleware`` (configurable), not here.
    public var maxUploadSize: Int { .max }

    /// The context of the request being handled, for the generated API handlers (which see
    /// only the HTTP request): set by ``AuthenticationMiddleware``.
    @TaskLocal public static var current: ServerRequestContext?
}
