@testable import GreenParkCore
import Testing

@Suite("US 45V pillars for a hydrogen producer (DOMAIN.md 5)")
struct Hydrogen45VTests {
    func park(_ pis: CivilDate) -> Park {
        Park(settings: ParkSettings(id: "p", name: "P", region: "northwest", policyProfile: "cn-650-2025"),
             members: [Member(id: "h2", name: "Hydrogen Co", meters: ["e1"], hydrogen: HydrogenProducer(placedInService: pis))],
             generators: [
                Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2021, month: 1, day: 1),
                          registered: CivilDate(year: 2021, month: 1, day: 1), meter: "g1"),
                Generator(id: "wind", name: "Wind", technology: .wind, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2023, month: 6, day: 1),
                          registered: CivilDate(year: 2023, month: 6, day: 1), meter: "g2"),
             ])
    }

    /// Two hours of quarter hours, 100 Wh consumed in each. Hour 0: 100 Wh from wind every
    /// quarter. Hour 1: 50 from wind and 25 from pv every quarter.
    func check(year: Int, pis: CivilDate, pvShare: Int64 = 25, windHour1: Int64 = 50) -> Hydrogen45V.Result {
        let start = Timestamp(CivilDate(year: year, month: 1, day: 1))
        let data = PeriodData(from: start, to: start.adding(seconds: 7200), resolution: .quarterHour,
                              problem: AllocationProblem(memberCount: 1, generatorCount: 2, intervalCount: 8,
                                                         consumption: Array(repeating: 100, count: 8), generation: Array(repeating: 100, count: 16)),
                              gaps: [], gapIntervals: 0)
        var bySource: [Int64] = []
        for t in 0..<8 { bySource += t < 4 ? [0, 100] : [pvShare, windHour1] }
        let allocated = (0..<8).map { bySource[2 * $0] + bySource[2 * $0 + 1] }
        let outcome = AllocationOutcome(memberCount: 1, generatorCount: 2, intervalCount: 8, allocated: allocated, bySource: bySource, surplus: Array(repeating: 0, count: 8))
        return Hydrogen45V.check(park: park(pis), member: 0, data: data, outcome: outcome, periodYear: year)!
    }

    @Test("placed in service 2024-03-01: wind (COD 2023-06) qualifies, pv (COD 2021-01, before 2021-03-01) does not")
    func pillars() {
        let r = check(year: 2025, pis: CivilDate(year: 2024, month: 3, day: 1))
        #expect(r.pillars.map(\.name) == ["incrementality", "deliverability", "temporal matching"])
        // pv gave 4 x 25 = 100 Wh: incrementality fails and that energy counts for nothing.
        #expect(!r.pillars[0].pass && r.pillars[0].why.contains("100 Wh came from generators that do not qualify"))
        #expect(r.pillars[1].pass)
        // Annual (before 2030): qualifying 400 + 200 = 600 of 800 Wh -> fails; hour 1 is short.
        #expect(r.consumptionWh == 800 && r.qualifyingWh == 600 && r.matchedWh == 600 && !r.pillars[2].pass)
        #expect(r.failingHours == [Timestamp(CivilDate(year: 2025, month: 1, day: 1), hour: 1)])
        #expect(r.basis.hasPrefix("annual"))
    }

    @Test("from 2030 the matching is hourly; a fully matched supply passes")
    func hourly() {
        let r = check(year: 2030, pis: CivilDate(year: 2029, month: 1, day: 1))
        // PIS 2029-01-01: earliest COD 2026-01-01, so neither generator qualifies.
        #expect(r.basis.hasPrefix("hourly") && r.qualifyingWh == 0 && r.failingHours.count == 2 && !r.pass)
        // Placed in service 2024-03-01 and hour 1 fully from wind (pv share 0, wind 50 of 100): still short in hour 1.
        let short = check(year: 2030, pis: CivilDate(year: 2024, month: 3, day: 1), pvShare: 0)
        #expect(short.pillars[0].pass && short.matchedWh == 600 && !short.pillars[2].pass)
        let full = check(year: 2030, pis: CivilDate(year: 2024, month: 3, day: 1), pvShare: 0, windHour1: 100)
        #expect(full.pass && full.matchedWh == 800 && full.failingHours.isEmpty)
        #expect(Hydrogen45V.earliestCOD(CivilDate(year: 2024, month: 2, day: 29)) == CivilDate(year: 2021, month: 2, day: 28))
    }
}
