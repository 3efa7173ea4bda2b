import Foundation
import GreenParkCore
import GreenParkServices
import Hummingbird
import Logging
import Metrics
import Mustache
import OpenAPIHummingbird
import Prometheus
import ServiceLifecycle
import Yams

/// The park's server (`greenpark serve`, docs/server.md): the REST API `/v1` of openapi.yaml,
/// the OpenADR 3 VTN `/openadr3` (docs/demand-response.md), the dashboard, `/health`,
/// `/metrics` and `/openapi.json`, on the application layer.
public struct ParkServer: Sendable {
    public let context: ParkContext
    /// Signs grants made over the API (nil: grants are refused with 409 until given).
    public let key: OperatorKey?
    public let configuration: ServerConfiguration
    public let registry: PrometheusCollectorRegistry
    public let logger: Logger
    /// Closes the store: called once the server has stopped.
    let close: @Sendable () throws -> Void

    public init(context: ParkContext, key: OperatorKey?, configuration: ServerConfiguration,
                registry: PrometheusCollectorRegistry, logger: Logger,
                    close: @escaping @Sendable () throws -> Void = {}) {
        self.context = context
        self.key = key
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.close = close
    }

    /// The router with every route and middleware (tests drive it without a socket).
    public func router() async throws -> Router<ServerRequestContext> {
        let metrics = ServerMetrics(registry: registry)
        let gate = Gate(context: context, reads: metrics.verifierReads)
        let sessions = SessionStore()
        let summaries = SummaryCache()
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        let spec = try Self.specification()
        router.add(middleware: ProblemMiddleware(routes: RouteTable(specification: spec)))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit))
        router.add(middleware: AuthenticationMiddleware(
            access: AccessService(context: context), sessions: sessions,
            limiter: RateLimiter(rate: configuration.ratePerSecond, burst: configuration.rateBurst),
            rateClock: configuration.rateClock, clock: context.now))

        let api = API(context: context, gate: gate, key: key, summaries: summaries, metrics: metrics)
        try api.registerHandlers(on: router, configuration: .init(dateTranscoder: InstantTranscoder()),
                                 middlewares: [GeneratedProblemMiddleware(logger: logger)])
        let ingest = IngestRoute(context: context, gate: gate, summaries: summaries, rows: metrics.rowsIngested,
                                 limit: configuration.bodyLimit)
        router.post("/v1/readings") { request, requestContext in
            try await ingest.handle(request, context: requestContext)
        }

        try VTN(context: context, webhooks: WebhookClient(
            timeout: .seconds(configuration.webhookTimeoutSeconds), logger: logger))
            .registerHandlers(on: router, serverURL: URL(string: "/openadr3")!,
                              middlewares: [GeneratedProblemMiddleware(logger: logger,
                                                                       document: "the OpenADR 3.1.0 document")])

        let registry = self.registry
        router.get("/metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: spec)))
        }
        try await Dashboard(context: context, gate: gate, sessions: sessions, summaries: summaries, metrics: metrics,
                            secureCookies: configuration.behindTLS).register(on: router)
        return router
    }

    /// openapi.yaml (the source of the generated API) as JSON.
    public static func specification() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw Problem(.internalServerError, "server.spec", "openapi.yaml is missing from the server's resources")
        }
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let object = try Yams.load(yaml: yaml) as Any
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Serves until SIGTERM or SIGINT: then in-flight requests finish, new connections are
    /// refused, and the store is closed after the server stopped (services stop in reverse order).
    /// `alongside` run in the same group between the store and the server (meter polling):
    /// they stop after the server and before the store closes.
    public func run(alongside: [any Service] = [],
                    onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: try await router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "greenpark"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: StoreService(logger: logger, close: close))]
                + alongside.map { .init(service: $0) } + [.init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Holds the store open for the server's life and closes it after the server has drained
/// (services stop in reverse order).
struct StoreService: Service {
    let logger: Logger
    let close: @Sendable () throws -> Void

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try close()
            logger.info("store closed", metadata: ["event": "shutdown"])
        } catch {
            logger.error("the store did not close cleanly", metadata: ["error": "\(error)"])
        }
    }
}
