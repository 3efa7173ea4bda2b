import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// What-ifs over a gap in a meter (review): "intervals with gaps are skipped on both sides",
/// so an added device must not charge or discharge in them either.
@Suite("What-ifs over a metering gap")
struct SimulationGapTests {
    /// The hand-worked day of SimulationServiceTests (500 Wh taken every hour, 1,000 Wh
    /// generated in hours 10-12 UTC) with the member's meter missing hour 11.
    static func context() throws -> ParkContext {
        // The one-member park of SimulationServiceTests.
        let yaml = SimulationServiceTests.parkYAML
        var rows = ["interval_start,m1,pv1"]
        for h in 0..<24 {
            rows.append(String(format: "2023-06-01T%02d:00:00Z,%@,%@", h, h == 11 ? "" : "0.500",
                               (10...12).contains(h) ? "1.000" : "0.000"))
        }
        return try ParkFixture.context(yaml: yaml, rows: rows)
    }

    /// Hour 11 is skipped: before, hours 10 and 12 leave 2 x 500 = 1,000 Wh surplus. After, the
    /// battery (2,000 Wh, 1,000 W) takes those 1,000 Wh and gives back 1,000 x 0.9 = 900 Wh; it
    /// must not charge in hour 11, where the missing member reading looks like 1,000 Wh spare,
    /// and then discharge energy the allocation never saw charged.
    @Test func addedDeviceIsIdleInSkippedIntervals() throws {
        let from = CivilDate(year: 2023, month: 6, day: 1), to = CivilDate(year: 2023, month: 6, day: 2)
        let result = try SimulationService(context: try Self.context())
            .run(.init(from: from, to: to, objective: .matching, storage: [SimulationServiceTests.battery],
                       flexible: [], information: [.perfect]))
        let before = result.before, after = result.after[.perfect]!
        #expect(before.surplusWh == 1_000 && before.generationWh == 2_000 && before.consumptionWh == 11_500)
        #expect(after.chargedWh == 1_000)
        #expect(after.dischargedWh == 900)
        #expect(after.consumptionWh == before.consumptionWh)
    }
}
