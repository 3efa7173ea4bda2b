import GreenParkCore

/// The reporting periods of a run in the park's time zone: the whole run (labelled `2023`
/// for a calendar year, `2023-05` for a month, else `2023-01-01 to 2023-03-31`) and each
/// local calendar month inside it (labelled the same way, so a part of a month says so),
/// as hour ranges from the run's start.
public enum ReportingPeriods {
    public static func of(from: Timestamp, to: Timestamp, local: LocalTime) -> (whole: Scope2Calculator.Period, months: [Scope2Calculator.Period]) {
        // Hours count from the local clock hour holding `from` (as ``HourlyEnergy`` does).
        let start = local.hourStart(from)
        let hours = Int((to.seconds - start.seconds + 3599) / 3600)
        func hour(_ t: Timestamp) -> Int { min(hours, max(0, Int((t.seconds - start.seconds + 3599) / 3600))) }
        var months: [Scope2Calculator.Period] = []
        var date = local.date(of: from)
        var monthStart = from
        while monthStart < to {
            let next = date.nextMonthStart
            let monthEnd = min(to, local.startOfDay(next))
            months.append(.init(label: wholeLabel(from: monthStart, to: monthEnd, local: local), hours: (monthStart == from ? 0 : hour(monthStart))..<hour(monthEnd)))
            monthStart = monthEnd
            date = next
        }
        let whole = Scope2Calculator.Period(label: wholeLabel(from: from, to: to, local: local), hours: 0..<hours)
        // A run inside one month: the month row would repeat the whole row.
        if months.count == 1 && months[0].hours == whole.hours { months = [] }
        return (whole, months)
    }

    static func label(_ year: Int, _ month: Int) -> String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }

    /// `2023`, `2023-05`, `2023-01-01 to 2023-03-31` (whole local days, the last
    /// inclusive), or the two instants when the period does not run midnight to midnight.
    public static func wholeLabel(from: Timestamp, to: Timestamp, local: LocalTime) -> String {
        let first = local.date(of: from), end = local.date(of: to)
        guard local.startOfDay(first) == from, local.startOfDay(end) == to else { return "\(from.iso8601) to \(to.iso8601)" }
        let last = local.date(of: to.adding(seconds: -1))
        if first.day == 1, end.day == 1 {
            if first.month == 1, end.month == 1, end.year == first.year + 1 { return "\(first.year)" }
            if last.year == first.year, last.month == first.month { return label(first.year, first.month) }
        }
        return "\(first) to \(last)"
    }
}
