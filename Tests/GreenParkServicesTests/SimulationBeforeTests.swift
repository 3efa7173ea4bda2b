import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// The what-if's "before" against `greenpark allocate` over the same period (review): the
/// same allocation (PeriodEvaluation), so the same figures, also over a month boundary.
@Suite("What-if before = allocate's summary")
struct SimulationBeforeTests {
    /// UTC, hourly; the member takes 1 Wh in the first hour of 31 May and of 1 June 2023 and
    /// nothing else; the plant gives nothing: all grid import.
    static func context() throws -> ParkContext {
        // The one-member park of SimulationServiceTests.
        let yaml = SimulationServiceTests.parkYAML
        var rows = ["interval_start,m1,pv1"]
        for day in ["2023-05-31", "2023-06-01"] {
            for h in 0..<24 {
                rows.append(String(format: "%@T%02d:00:00Z,%@,0.000", day, h, h == 0 ? "0.001" : "0.000"))
            }
        }
        return try ParkFixture.context(yaml: yaml, rows: rows)
    }

    /// 2 Wh of grid import at the east factor 0.55 kg/kWh: 2 x 0.55 = 1.1 g -> 1 g, as allocate
    /// says; month by month it would be 0.55 -> 1 g in May plus 0.55 -> 1 g in June = 2 g.
    /// Market-based hourly likewise: (2 - 0) Wh x the residual factor, rounded once.
    @Test func scope2IsRoundedOnceOverThePeriod() throws {
        let context = try Self.context()
        let from = CivilDate(year: 2023, month: 5, day: 31), to = CivilDate(year: 2023, month: 6, day: 2)
        let allocated = try AllocationService(context: context)
            .compute(from: context.local.startOfDay(from), to: context.local.startOfDay(to), gaps: .skipInterval)
        let result = try SimulationService(context: context)
            .run(.init(from: from, to: to, objective: .matching, storage: [], flexible: [], information: [.perfect]))
        let summary = allocated.summary.members[0], before = result.before.members[0]
        #expect(before.consumptionWh == 2 && summary.consumptionWh == 2)
        #expect(summary.scope2LocationGrams == 1)
        #expect(before.scope2LocationGrams == summary.scope2LocationGrams)
        #expect(before.scope2MarketHourlyGrams
            == allocated.summary.residualFactor.grams(ofWh: summary.consumptionWh - summary.hourlyMatchedWh))
    }
}
