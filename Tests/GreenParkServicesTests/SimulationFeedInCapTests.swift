import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// "Nothing added" with a feed-in cap (review): the hand-worked day of SimulationServiceTests
/// (500 Wh an hour taken, 1,000 Wh in hours 10-12 generated) in a park under Hunan's profile,
/// whose surplus may be at most 20 % of generation.
@Suite("What-ifs under a feed-in cap")
struct SimulationFeedInCapTests {
    static func context() throws -> ParkContext {
        let yaml = """
            version: 1
            park: {id: cap-park, name: Cap Park, timezone: UTC, region: east, resolution_minutes: 60,
                   policy_profile: cn-650-2025-hunan}
            members:
              - {id: m, name: M, meters: [m1]}
            generators:
              - {id: pv, name: PV, technology: solar-pv, capacity_kw: 1000, commissioned: 2022-01-01,
                 registered: 2022-01-01, meter: pv1}

            """
        var rows = ["interval_start,m1,pv1"]
        for h in 0..<24 {
            rows.append(String(format: "2023-06-01T%02d:00:00Z,0.500,%@", h, (10...12).contains(h) ? "1.000" : "0.000"))
        }
        return try ParkFixture.context(yaml: yaml, rows: rows)
    }

    /// Before: 1,500 of 3,000 Wh fed in (50 %). With nothing added the schedule can only keep
    /// the 20 % cap (600 Wh) by curtailing 900 Wh, and "after" then reports self-consumption
    /// 1,500 / 2,100 = 71 % for a what-if that changed nothing. Expected: after = before.
    @Test(.disabled("design question: should a what-if enforce the feed-in cap by curtailing? see review report"))
    func nothingAddedIsBefore() throws {
        let from = CivilDate(year: 2023, month: 6, day: 1), to = CivilDate(year: 2023, month: 6, day: 2)
        let result = try SimulationService(context: try Self.context())
            .run(.init(from: from, to: to, objective: .matching, storage: [], flexible: [], information: [.perfect]))
        let before = result.before, after = result.after[.perfect]!
        #expect(before.surplusWh == 1_500 && before.generationWh == 3_000)
        #expect(after.curtailedWh == 0)
        #expect(after.generationWh == before.generationWh && after.surplusWh == before.surplusWh)
    }
}
