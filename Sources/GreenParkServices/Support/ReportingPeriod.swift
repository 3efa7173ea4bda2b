import GreenParkCore
import GreenParkFormats

/// A reporting period named as users name it: a year (`2023`) or a month (`2023-05`),
/// from local midnight of its first day to local midnight after its last, in the park's
/// time zone. The text is also a store key (settlement months), so it must be exactly
/// `YYYY` or `YYYY-MM`, years 1990 to 2100.
public struct ReportingPeriod: Sendable, Equatable {
    public let text: String
    public let first: CivilDate
    /// The day after the period.
    public let next: CivilDate

    /// Nil unless `text` is exactly a year or a month.
    public init?(_ text: String) {
        let digits = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (digits.count == 1 && digits[0].count == 4) || (digits.count == 2 && digits[0].count == 4 && digits[1].count == 2),
              digits.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let parts = digits.map { Int($0) }
        guard let year = parts.first ?? nil, (1990...2100).contains(year) else { return nil }
        self.text = text
        if parts.count == 1 {
            first = CivilDate(year: year, month: 1, day: 1)
            next = CivilDate(year: year + 1, month: 1, day: 1)
            return
        }
        guard parts.count == 2, let month = parts[1], (1...12).contains(month) else { return nil }
        first = CivilDate(year: year, month: month, day: 1)
        next = first.nextMonthStart
    }

    /// Whether it is a month (not a year).
    public var isMonth: Bool { text.contains("-") }

    /// The period's instants in the park's time zone: `[from, to)`.
    public func instants(_ local: LocalTime) -> (from: Timestamp, to: Timestamp) {
        (local.startOfDay(first), local.startOfDay(next))
    }
}
