/// A run of consecutive intervals of one meter without a value.
public struct GapRange: Sendable, Equatable, CustomStringConvertible {
    public var meter: String
    /// Start of the first missing interval.
    public var start: Timestamp
    /// End of the last missing interval (exclusive).
    public var end: Timestamp
    /// Number of missing intervals.
    public var intervals: Int
    /// Whether the gap was filled by estimation.
    public var estimated: Bool

    public init(meter: String, start: Timestamp, end: Timestamp, intervals: Int, estimated: Bool = false) {
        self.meter = meter
        self.start = start
        self.end = end
        self.intervals = intervals
        self.estimated = estimated
    }

    public var description: String {
        "\(meter): \(start) to \(end) (\(intervals) interval\(intervals == 1 ? "" : "s")\(estimated ? ", estimated" : ""))"
    }
}
