import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// `greenpark schedule` on a day the clocks change (review): the local day, not 24 hours.
@Suite("Schedules on daylight-saving days")
struct ScheduleDaylightSavingTests {
    /// Europe/Berlin, hourly, one member with a flexible load, metered 24-29 March 2023 (UTC).
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
            flexible_loads:
              - {id: f, member: m, energy_kwh_per_day: 1, window_start: "00:00", window_end: "24:00", max_kw: 1}

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

    /// 26 March 2023 in Berlin runs from 25 March 23:00 UTC to 26 March 22:00 UTC: 23 hours.
    /// Its schedule has 23 intervals and ends where the 27th begins.
    @Test func theLocalDayIsScheduled() throws {
        let context = try Self.context()
        let short = try ScheduleService(context: context)
            .plan(day: CivilDate(year: 2023, month: 3, day: 26), objective: .matching, information: .perfect)
        #expect(short.intervalStarts.count == 23)
        #expect(short.intervalStarts.first == Timestamp(CivilDate(year: 2023, month: 3, day: 25), hour: 23))
        #expect(short.intervalStarts.last == Timestamp(CivilDate(year: 2023, month: 3, day: 26), hour: 21))
        #expect(short.schedule.flexible[0].reduce(0, +) == 1_000)
    }
}
