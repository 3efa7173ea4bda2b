import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// One month of the park as the summaries and the dashboard show it: the allocation summary
/// and, per local day and hour, the park's generation and load (the matching heatmap).
struct MonthView: Sendable {
    let month: ReportingPeriod
    let summary: AllocationSummary
    /// Members with consumption in the month (park totals reach members only from 3 on).
    let contributors: Int
    let days: [CivilDate]
    /// `generation[d * 24 + h]` and `load[d * 24 + h]`: Wh in local hour h of day d.
    let generation: [Int64]
    let load: [Int64]

    /// A month argument (YYYY-MM); 400 `request.month` otherwise.
    static func month(_ text: String) throws -> ReportingPeriod {
        guard let month = ReportingPeriod(text), month.isMonth else {
            throw Problem(.badRequest, "request.month", "month must be YYYY-MM, years 1990 to 2100")
        }
        return month
    }

    /// Computes the month from the stored readings (gaps skipped) with the allocation service.
    static func compute(_ month: ReportingPeriod, context: ParkContext) throws -> MonthView {
        let local = context.local
        let (from, to) = month.instants(local)
        let result = try AllocationService(context: context).compute(from: from, to: to, gaps: .skipInterval)
        let problem = result.data.problem
        let first = month.first
        let days = (1...CivilDate.daysIn(month: first.month, year: first.year)).map {
            CivilDate(year: first.year, month: first.month, day: $0)
        }
        var generation = [Int64](repeating: 0, count: days.count * 24), load = generation
        let step = result.data.resolution.seconds
        for t in 0..<problem.intervalCount {
            let start = from.adding(seconds: Int64(t) * step)
            let date = local.date(of: start)
            guard let d = days.firstIndex(of: date) else { continue }
            let cell = d * 24 + local.minuteOfDay(start) / 60
            for j in 0..<problem.generatorCount {
                generation[cell] += problem.generation[t * problem.generatorCount + j]
            }
            for i in 0..<problem.memberCount { load[cell] += problem.consumption[t * problem.memberCount + i] }
        }
        return MonthView(month: month, summary: result.summary,
                         contributors: result.summary.members.filter { $0.consumptionWh > 0 }.count,
                         days: days, generation: generation, load: load)
    }
}
