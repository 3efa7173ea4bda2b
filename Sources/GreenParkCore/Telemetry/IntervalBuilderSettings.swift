/// How ``IntervalBuilder`` turns one meter's reads into intervals.
public struct IntervalBuilderSettings: Sendable, Equatable {
    /// The park's interval length in seconds (900 or 3600).
    public let intervalSeconds: Int64
    /// A boundary value interpolated between reads at most this far apart (ms) is measured;
    /// farther apart, the interval is marked interpolated.
    public let measuredWithinMillis: Int64
    /// Reads farther apart than this (ms) are not interpolated across: the intervals between
    /// become a gap.
    public let maxGapMillis: Int64
    /// The register's rollover value in Wh, when configured or fixed by its format.
    public let rolloverWh: Int64?

    public init(intervalSeconds: Int64, measuredWithinMillis: Int64, maxGapMillis: Int64, rolloverWh: Int64?) {
        self.intervalSeconds = max(1, intervalSeconds)
        self.measuredWithinMillis = max(0, measuredWithinMillis)
        self.maxGapMillis = max(self.measuredWithinMillis, maxGapMillis)
        self.rolloverWh = rolloverWh.flatMap { $0 > 0 ? $0 : nil }
    }
}
