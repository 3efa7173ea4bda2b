import Dispatch

/// How `greenpark serve` runs (docs/server.md).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Bodies above this many bytes are refused with 413 (default 32 MiB).
    public var bodyLimit: Int
    /// Requests per second each token may make on average, and the burst it may make at once;
    /// more answer 429.
    public var ratePerSecond: Int
    public var rateBurst: Int
    /// Whether the server is reached over TLS (a reverse proxy in front): the session cookie
    /// is then `Secure`.
    public var behindTLS: Bool
    /// Seconds on a monotonic clock, for the rate limit (tests stop it to count requests
    /// exactly on a loaded machine); the system's uptime by default.
    public var rateClock: @Sendable () -> Double = ServerConfiguration.uptimeSeconds
    /// How long the VTN waits for a subscriber's callback to answer, per attempt (tests on a
    /// loaded machine give it longer).
    public var webhookTimeoutSeconds: Int64 = 10

    /// Seconds since boot, on the system's monotonic clock.
    public static let uptimeSeconds: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public init(host: String = "127.0.0.1", port: Int = 8080, bodyLimit: Int = 32 << 20, ratePerSecond: Int = 2000,
                rateBurst: Int = 4000, behindTLS: Bool = false) {
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.ratePerSecond = ratePerSecond
        self.rateBurst = rateBurst
        self.behindTLS = behindTLS
    }
}
