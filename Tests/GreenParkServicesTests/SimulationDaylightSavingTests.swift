import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// What-ifs in a park whose zone has daylight saving (review): every local day is scheduled,
/// whatever its length.
@Suite("What-ifs across a daylight-saving change")
struct SimulationDaylightSavingTests {
    /// Europe/Berlin, hourly; 26 March 2023 has 23 hours (02:00 -> 03:00). The member takes 500 Wh
    /// every hour, the plant 1,000 Wh in the UTC hours 10-12 of every day: 1,500 Wh surplus a day.
    static func context() throws -> ParkContext {
        let yaml = """
            version: 1
            park: {id: dst-park, name: DST Park, timezone: Europe/Berlin, region: east, resolution_minutes: 60,
                   policy_profile: cn-650-2025}
            members:
              - {id: m, name: M, meters: [m1]}
            generators:
              - {id: pv, name: PV, technology: solar-pv, capacity_kw: 1000, commissioned: 2022-01-01,
                 registered: 2022-01-01, meter: pv1}

            """
        var rows = ["interval_start,m1,pv1"]
        for day in 24...29 {
            for h in 0..<24 {
                rows.append(String(format: "2023-03-%02dT%02d:00:00Z,0.500,%@", day, h,
                                   (10...12).contains(h) ? "1.000" : "0.000"))
            }
        }
        return try ParkFixture.context(yaml: yaml, rows: rows)
    }

    /// 26 and 27 March local (23 + 24 = 47 hours): each day the battery takes the 1,500 Wh surplus
    /// (UTC 10-12 is local 12-14 on both days) and gives back 1,500 x 0.9 = 1,350 Wh in the
    /// evening, so nothing is fed in on either day. The 27th must be scheduled too.
    @Test func shortDayDoesNotDropTheNextDay() throws {
        let battery = SimulationServiceTests.battery
        let options = SimulationService.Options(from: CivilDate(year: 2023, month: 3, day: 26),
                                                to: CivilDate(year: 2023, month: 3, day: 28), objective: .matching,
                                                storage: [battery], flexible: [], information: [.perfect])
        let result = try SimulationService(context: try Self.context()).run(options)
        let before = result.before, after = result.after[.perfect]!
        // Before: 2 x 1,500 Wh surplus of 2 x 3,000 Wh generation.
        #expect(before.surplusWh == 3_000 && before.generationWh == 6_000)
        // After: 2 x 1,500 charged, 2 x 1,350 discharged, nothing fed in.
        #expect(after.chargedWh == 3_000 && after.dischargedWh == 2_700)
        #expect(after.surplusWh == 0)
    }
}
