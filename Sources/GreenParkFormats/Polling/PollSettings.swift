/// The park-wide settings of meter polling (`telemetry:` in the park file).
public struct PollSettings: Sendable, Equatable {
    /// How long a read may take before it counts as failed.
    public let timeoutMillis: Int64
    /// Further attempts after a failed read, within the same poll period.
    public let retries: Int
    /// Reads at most this far apart are interpolated across; farther apart, the intervals
    /// between are a gap (reported with the energy the register shows for it).
    public let maxGapMinutes: Int
    /// Consecutive failed polls after which a meter is reported dead.
    public let deadAfterFailures: Int

    public static let defaults = PollSettings(timeoutMillis: 1000, retries: 2, maxGapMinutes: 60, deadAfterFailures: 3)

    public init(timeoutMillis: Int64, retries: Int, maxGapMinutes: Int, deadAfterFailures: Int) {
        self.timeoutMillis = timeoutMillis
        self.retries = retries
        self.maxGapMinutes = maxGapMinutes
        self.deadAfterFailures = deadAfterFailures
    }
}

/// What the park file says about reading meters over the network.
public struct ParkPolling: Sendable, Equatable {
    public let settings: PollSettings
    /// The meters with a `poll:` entry, in park-file order.
    public let meters: [MeterPoll]

    public init(settings: PollSettings = .defaults, meters: [MeterPoll] = []) {
        self.settings = settings
        self.meters = meters
    }
}
