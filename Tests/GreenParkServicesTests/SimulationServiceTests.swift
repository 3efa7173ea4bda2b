import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import Testing

/// What-ifs on history (`greenpark simulate`) worked by hand on a park of one member and one
/// PV plant, hourly: the member takes 500 Wh every hour, the plant gives 1,000 Wh in each of
/// the hours 10, 11 and 12 UTC. Before: the member takes 500 of each, 1,500 Wh are surplus.
@Suite("What-ifs on history")
struct SimulationServiceTests {
    static let parkYAML = """
        version: 1
        park: {id: sim-park, name: Sim Park, timezone: UTC, region: east, resolution_minutes: 60,
               policy_profile: cn-650-2025}
        members:
          - {id: m, name: M, meters: [m1]}
        generators:
          - {id: pv, name: PV, technology: solar-pv, capacity_kw: 1000, commissioned: 2022-01-01,
             registered: 2022-01-01, meter: pv1}

        """

    /// A context on an in-memory store holding `days` days from 1 June 2023 of the hand-worked
    /// day (`load` and `sun` per hour can be changed per day).
    static func context(days: Int = 1, extra: String = "",
                        load: (Int, Int) -> Int = { _, _ in 500 },
                        sun: (Int, Int) -> Int = { _, h in (10...12).contains(h) ? 1_000 : 0 }) throws -> ParkContext {
        var rows = ["interval_start,m1,pv1"]
        for d in 0..<days {
            let date = CivilDate(daysSinceEpoch: CivilDate(year: 2023, month: 6, day: 1).daysSinceEpoch + Int64(d))
            for h in 0..<24 {
                // The file is in kWh: Wh / 1000 with three decimals.
                rows.append(String(format: "%@T%02d:00:00Z,%.3f,%.3f", date.description, h,
                                   Double(load(d, h)) / 1000, Double(sun(d, h)) / 1000))
            }
        }
        return try ParkFixture.context(yaml: (parkYAML + extra), rows: rows)
    }

    static let battery = try! StorageDevice(id: "b", name: "B", capacityWh: 2_000, chargeW: 1_000, dischargeW: 1_000,
                                            efficiency: Fixed6(millionths: 900_000), chargeMeter: "b-in",
                                            dischargeMeter: "b-out")

    static func options(days: Int = 1, objective: ScheduleInput.Objective = .matching, storage: [StorageDevice] = [],
                        flexible: [FlexibleLoad] = [],
                        information: [ScheduleService.Information] = [.perfect]) -> SimulationService.Options {
        let from = CivilDate(year: 2023, month: 6, day: 1)
        return .init(from: from, to: CivilDate(daysSinceEpoch: from.daysSinceEpoch + Int64(days)), objective: objective,
                     storage: storage, flexible: flexible, information: information)
    }

    @Test("a battery takes the 1,500 Wh surplus and gives back 1,350 Wh: self-consumption 50 % -> 100 %")
    func battery() throws {
        let result = try SimulationService(context: try Self.context()).run(Self.options(storage: [Self.battery]))
        let before = result.before, after = result.after[.perfect]!
        // Before: G 3,000, the member takes 3 x 500 = 1,500, surplus 1,500: 50 %; green 1,500 / 12,000 = 12.5 %.
        #expect(before.generationWh == 3_000 && before.surplusWh == 1_500 && before.greenWh == 1_500)
        #expect(before.selfConsumptionRatio == Ratio(1_500, 3_000))
        #expect(before.consumptionWh == 12_000)
        // After: the 3 x 500 surplus is charged (1,500 <= 2,000 capacity, 500 <= 1,000 W a hour), and
        // 1,500 x 0.9 = 1,350 Wh discharged to the member later in the day: nothing fed in.
        #expect(after.chargedWh == 1_500 && after.dischargedWh == 1_350)
        #expect(after.surplusWh == 0 && after.selfConsumptionRatio == Ratio(3_000, 3_000))
        // Green reaching the member: 1,500 directly + 1,350 from storage charged by PV = 2,850.
        #expect(after.greenWh == 2_850 && after.greenShare == Ratio(2_850, 12_000))
        #expect(after.members[0].hourlyMatchedWh == 2_850)
        // Location-based Scope 2 falls with the grid import: 10,500 -> 9,150 Wh at the east factor.
        #expect(after.members[0].scope2LocationGrams < before.members[0].scope2LocationGrams)
        #expect(after.members[0].lines["storage:b"] == 1_350)
        #expect(after.members[0].lines["grid:flat"] == Int64(12_000 - 2_850))
    }

    @Test("a flexible load moved into the sunny hours: 874 Wh more taken directly, the same consumption")
    func flexible() throws {
        let load = try FlexibleLoad(id: "f", member: "m", energyWhPerDay: 1_000, windowStartMinute: 0,
                                    windowEndMinute: 1_440, maximumW: 1_000)
        let result = try SimulationService(context: try Self.context()).run(Self.options(flexible: [load]))
        let after = result.after[.perfect]!
        // Its baseline (1,000 Wh over 24 hours: 16 x 42 + 8 x 41, hours 0-15 the 42s) leaves every hour,
        // also 3 x 42 = 126 Wh of the sunny ones; the 1,000 Wh go into hours 10-12 (542 Wh spare each
        // now). Consumption stays 12,000; green 1,500 - 126 + 1,000 = 2,374, surplus 3,000 - 2,374 = 626.
        #expect(after.consumptionWh == 12_000)
        #expect(after.greenWh == 2_374 && after.surplusWh == 626)
        #expect(after.selfConsumptionRatio == Ratio(2_374, 3_000))
    }

    @Test("a flexible load of a member that took nothing in part of its window: no energy added")
    func flexibleBelowBaseline() throws {
        let load = try FlexibleLoad(id: "f", member: "m", energyWhPerDay: 1_000, windowStartMinute: 0,
                                    windowEndMinute: 1_440, maximumW: 1_000)
        // The member takes nothing in hours 0-5 and 500 Wh in the other 18: 9,000 Wh.
        let context = try Self.context(load: { _, h in h < 6 ? 0 : 500 })
        let after = try SimulationService(context: context).run(Self.options(flexible: [load])).after[.perfect]!
        // Of the baseline (42 Wh in hours 0-15, 41 in 16-23) only what was metered comes out: 10 x 42 + 8 x 41
        // = 748 Wh (none in hours 0-5), and 748 go back where scheduled. Consumption stays 9,000 (it was
        // 9,000 - 748 + 1,000 = 9,252 when the whole 1,000 went back).
        #expect(after.consumptionWh == 9_000)
    }

    @Test("nothing added: after is before, to the Wh and the gram")
    func identity() throws {
        let context = try Self.context(days: 3, load: { d, h in 300 + 37 * ((d * 24 + h) % 11) },
                                       sun: { d, h in (8...15).contains(h) ? 100 * (h - 7) + 13 * d : 0 })
        let result = try SimulationService(context: context).run(Self.options(days: 3))
        let before = result.before, after = result.after[.perfect]!
        #expect(before.consumptionWh > 0)
        #expect(after.generationWh == before.generationWh && after.surplusWh == before.surplusWh)
        #expect(after.greenWh == before.greenWh && after.consumptionWh == before.consumptionWh)
        #expect(after.members[0].hourlyMatchedWh == before.members[0].hourlyMatchedWh)
        #expect(after.members[0].scope2LocationGrams == before.members[0].scope2LocationGrams)
        #expect(after.members[0].lines == before.members[0].lines)
    }

    @Test("the policy's 30 % green share is out of reach (at most 2,850 / 12,000): the day falls back to matching")
    func policyFallback() throws {
        let result = try SimulationService(context: try Self.context())
            .run(Self.options(objective: .policy, storage: [Self.battery]))
        #expect(result.after[.perfect]!.fallbackDays == 1)
        #expect(result.after[.perfect]!.greenWh == 2_850)
    }

    @Test("forecasts: a day without a week of history is planned on the metered day, and counted")
    func unforecast() throws {
        let context = try Self.context(days: 9)
        let result = try SimulationService(context: context)
            .run(Self.options(days: 9, storage: [Self.battery], information: [.forecast]))
        // Loads need a day a week back: the first 7 days have none.
        #expect(result.after[.forecast]!.unforecastDays == 7)
        // The same day every day: the forecast is exact, so every day ends like the hand-worked one.
        #expect(result.after[.forecast]!.surplusWh == 0)
    }

    @Test("an added device or load whose id is taken, or a load of no member, is refused")
    func refusals() throws {
        let service = SimulationService(context: try Self.context())
        let clash = try StorageDevice(id: "pv", name: "X", capacityWh: 1_000, chargeW: 1_000, dischargeW: 1_000,
                                      efficiency: .one, chargeMeter: "x-in", dischargeMeter: "x-out")
        #expect { try service.run(Self.options(storage: [clash])) } throws: {
            ($0 as? ServiceError)?.code == "simulate.duplicate-id"
        }
        let stranger = try FlexibleLoad(id: "f", member: "nobody", energyWhPerDay: 10, windowStartMinute: 0,
                                        windowEndMinute: 60, maximumW: 100)
        #expect { try service.run(Self.options(flexible: [stranger])) } throws: {
            ($0 as? ServiceError)?.code == "simulate.unknown-member"
        }
    }
}
