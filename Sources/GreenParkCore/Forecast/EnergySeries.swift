/// One series of interval energy (a member's load or a generator's output) over whole days,
/// with which intervals were metered: the history a forecast learns from.
public struct EnergySeries: Sendable, Equatable {
    public let id: String
    public let intervalsPerDay: Int
    /// `values[d * intervalsPerDay + k]`: Wh of interval k of day d (0 where not metered).
    public let values: [Int64]
    /// Whether each interval was metered.
    public let present: [Bool]

    public init(id: String, intervalsPerDay: Int, values: [Int64], present: [Bool]) {
        precondition(intervalsPerDay > 0 && values.count == present.count && values.count % intervalsPerDay == 0)
        self.id = id
        self.intervalsPerDay = intervalsPerDay
        self.values = values
        self.present = present
    }

    public var dayCount: Int { values.count / intervalsPerDay }

    /// The value of interval `k` of day `d`, or nil when outside the series or not metered.
    public func value(day d: Int, interval k: Int) -> Int64? {
        guard d >= 0, d < dayCount else { return nil }
        let i = d * intervalsPerDay + k
        return present[i] ? values[i] : nil
    }

    /// Whether every interval of day `d` was metered.
    public func isComplete(day d: Int) -> Bool {
        d >= 0 && d < dayCount && !present[(d * intervalsPerDay)..<((d + 1) * intervalsPerDay)].contains(false)
    }

    /// The mean Wh per interval of day `d`, when the day is complete.
    public func dailyMean(day d: Int) -> Double? {
        guard isComplete(day: d) else { return nil }
        let sum = values[(d * intervalsPerDay)..<((d + 1) * intervalsPerDay)].reduce(0, +)
        return Double(sum) / Double(intervalsPerDay)
    }
}
