import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkServer
import GreenParkServices
import GreenParkStore
import Logging
import Metrics
import Prometheus
import GreenParkMetering
import ServiceLifecycle

/// `greenpark serve`: the park's server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the park's server: the REST API /v1, the dashboard, /health and /metrics.",
        discussion: """
            Users sign in with tokens from `greenpark users add`; what each sees is decided by
            its role (docs/server.md). The API is described by /openapi.json; the dashboard is
            at /dashboard (English and Chinese). Errors are RFC 9457 problem+json.

            Serve on loopback and put a reverse proxy with TLS in front (docs/nginx.example.conf);
            give --behind-tls then, so that the session cookie is Secure. SIGTERM or SIGINT
            stops the server gracefully: requests in flight finish, then the store closes.
            Logs go to standard error (one line per request, without tokens or readings).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed when listening).")
    var port = 8080

    @Option(help: ArgumentHelp("Largest request body in MiB; larger ones get 413.", valueName: "MiB"))
    var bodyLimitMb = 32

    @Option(help: ArgumentHelp("Requests per second each token may make (with a burst of twice as many); more get 429.",
                               valueName: "n"))
    var rateLimit = 2000

    @Flag(help: "The server is reached through a TLS proxy: mark the session cookie Secure.")
    var behindTls = false

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel = "info"

    @Flag(help: "Do not poll the meters that have a poll: entry in the park file (greenpark poll does).")
    var noPoll = false

    func run() throws {
        try Terminal.run {
            guard (0...65_535).contains(port), (1...4096).contains(bodyLimitMb), rateLimit > 0,
                  let level = Logger.Level(rawValue: logLevel) else {
                throw ArgumentProblem(message: "--port 0-65535, --body-limit-mb 1-4096, --rate-limit > 0 and a log "
                    + "level of trace, debug, info, notice, warning or error")
            }
            let file = try parkOptions.loadParkFile()
            let park = file.park
            let database = try parkOptions.checked(parkOptions.openDatabase(), for: park)
            let context = try parkOptions.context(park, database: database)
            let key = try? parkOptions.signingKey(for: context)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            var logger = Logger(label: "greenpark")
            logger.logLevel = level
            if key == nil {
                logger.warning("no operator key: grants and evidence packs are refused (give --operator-key)")
            }
            let server = ParkServer(
                context: context, key: key,
                configuration: ServerConfiguration(host: host, port: port, bodyLimit: bodyLimitMb << 20,
                                                   ratePerSecond: rateLimit, rateBurst: rateLimit * 2,
                                                   behindTLS: behindTls),
                registry: registry, logger: logger, close: { try database.pool.close() })
            // Meter polling in the same process, stopped before the store closes (docs/telemetry.md).
            var alongside: [any Service] = []
            var lock: PollLock?
            defer { withExtendedLifetime(lock) {} }
            if !noPoll, !file.polling.meters.isEmpty {
                lock = try PollLock(databasePath: parkOptions.databasePath)
                let telemetry = try TelemetryService(context: context, polling: file.polling)
                alongside.append(MeterPollingService(poller: MeterPoller(telemetry: telemetry, logger: logger)))
                logger.info("polling \(file.polling.meters.count) meters")
            }
            let host = self.host, services = alongside
            try Self.wait {
                try await server.run(alongside: services) { port in
                    FileHandle.standardOutput.write(
                        Data("greenpark: serving \(park.settings.id) on http://\(host):\(port)\n".utf8))
                }
            }
        }
    }

    /// Runs async work from this synchronous command and waits for it.
    static func wait(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        Task {
            do { try await body() } catch { failure = error }
            done.signal()
        }
        done.wait()
        if let failure { throw failure }
    }
}
