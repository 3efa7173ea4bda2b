/// What a member would have taken in an event interval without the event (docs/
/// demand-response.md), a "10 of 10" baseline without adjustment: the mean of its metered
/// consumption in the same interval of the day on the `days` most recent earlier days that
/// had no event and were metered there, looking back over the days it is given; rounded half
/// to even to the Wh. With fewer than `minimumDays` such days there is no baseline (nil) and
/// nothing is settled for the interval.
public enum FlexibilityBaseline {
    /// Days averaged.
    public static let days = 10
    /// Fewest qualifying days for a baseline.
    public static let minimumDays = 5

    /// The baseline from `history`: the same interval on earlier days, oldest first, nil where
    /// the day had an event or no metered value.
    public static func baseline(_ history: [Int64?]) -> Int64? {
        let recent = history.compactMap { $0 }.suffix(days)
        guard recent.count >= minimumDays else { return nil }
        return Rounding.mulDivHalfEven(recent.reduce(0, +), 1, Int64(recent.count))
    }
}

/// A member's delivered flexibility in one event: per interval its baseline, its metered
/// consumption and what it delivered, `max(0, baseline - metered)`, and the payment for it:
/// each interval `delivered Wh x incentive fen/kWh / 1000` in millionths of a fen, summed and
/// rounded half to even to the fen once (one invoice line). Incentives below 0 count as 0.
public struct DeliveredFlexibility: Sendable, Equatable {
    public struct Interval: Sendable, Equatable {
        public var start: Timestamp
        /// nil: too few earlier days without an event to make one.
        public var baselineWh: Int64?
        public var meteredWh: Int64
        public var deliveredWh: Int64
        /// The incentive of the interval, fen/kWh.
        public var incentive: Fixed6
    }

    public let member: String
    public let event: String
    public let intervals: [Interval]
    public let deliveredWh: Int64
    public let paymentFen: Int64

    /// `baselines[k]` and `metered[k]` of interval `k` starting at `starts[k]`.
    public init(member: String, event: String, starts: [Timestamp], baselines: [Int64?], metered: [Int64],
                incentives: [Fixed6]) {
        precondition(starts.count == baselines.count && baselines.count == metered.count
                         && metered.count == incentives.count)
        self.member = member
        self.event = event
        var rows: [Interval] = [], delivered: Int64 = 0, microFen: Int64 = 0
        for k in starts.indices {
            let wh = baselines[k].map { max(0, $0 - metered[k]) } ?? 0
            rows.append(Interval(start: starts[k], baselineWh: baselines[k], meteredWh: metered[k], deliveredWh: wh,
                                 incentive: incentives[k]))
            delivered += wh
            // Wh x (fen/kWh in millionths) / 1,000 = millionths of a fen (exact to half a millionth).
            microFen += Rounding.mulDivHalfEven(wh, max(0, incentives[k].millionths), 1_000)
        }
        intervals = rows
        deliveredWh = delivered
        paymentFen = Rounding.halfEven(microFen, 1_000_000)
    }
}
