/// How one polled meter is doing: what `greenpark poll` prints and `/metrics` exports.
public struct MeterStatus: Sendable, Equatable {
    public let meter: String
    public let endpoint: String
    /// Polls that read the register.
    public internal(set) var succeeded = 0
    /// Polls whose every attempt failed.
    public internal(set) var failed = 0
    /// Poll slots that passed without a poll (the one before was still running).
    public internal(set) var missed = 0
    /// Attempts after a first failure within a poll.
    public internal(set) var retries = 0
    public internal(set) var consecutiveFailures = 0
    /// Reported dead after `telemetry.dead_after_failures` failed polls in a row.
    public internal(set) var isDead = false
    public internal(set) var lastError: String?
    public internal(set) var lastReadMillis: Int64?
    public internal(set) var lastWattHours: Int64?
    /// How late each poll started after its slot (ms): the largest seen.
    public internal(set) var maximumLatenessMillis: Int64 = 0
    /// Answer time of the last successful read (ms).
    public internal(set) var lastRoundTripMillis: Int64?

    public init(meter: String, endpoint: String) {
        self.meter = meter
        self.endpoint = endpoint
    }
}
