import GreenParkCore

/// The billing months (local calendar months) a period touches, each cut to the period:
/// the unit of settlement and of the shared-cost game (docs/settlement.md).
public struct BillingMonth: Sendable, Equatable {
    /// `2023-06`, or the instants of a month the period cuts (``ReportingPeriods/wholeLabel(from:to:local:)``).
    public let label: String
    public let from: Timestamp
    public let to: Timestamp
    /// The part of its calendar month the period covers, in seconds: `1/1` for a whole month.
    public let share: (numerator: Int64, denominator: Int64)

    public static func == (a: BillingMonth, b: BillingMonth) -> Bool {
        a.label == b.label && a.from == b.from && a.to == b.to && a.share == b.share
    }

    /// The billing months of `[from, to)` in order.
    public static func months(from: Timestamp, to: Timestamp, local: LocalTime) -> [BillingMonth] {
        var result: [BillingMonth] = [], start = from
        while start < to {
            let date = local.date(of: start)
            let monthStart = local.startOfDay(date.monthStart), monthEnd = local.startOfDay(date.nextMonthStart)
            let end = min(to, monthEnd)
            let length = monthEnd.seconds - monthStart.seconds, covered = end.seconds - start.seconds
            let label = ReportingPeriods.wholeLabel(from: start, to: end, local: local)
            let share: (Int64, Int64) = covered == length ? (1, 1) : (covered, length)
            result.append(BillingMonth(label: label, from: start, to: end, share: share))
            start = end
        }
        return result
    }
}
