@testable import GreenParkCore
import Testing

@Suite("Allocation: overflow reported without a data race; the input digest covers tiers")
struct AllocationIntegrityTests {
    @Test("with both threads at work, the first overflowing interval of the period is named")
    func overflowAcrossThreads() throws {
        // 2 members x 30,000 intervals = 60,000 member-intervals: two parts, 0..<15,000 and
        // 15,000..<30,000. Consumption overflows (Int64.max / 2 + 1, twice) at 100 and 200 in the
        // first part and at 20,000 in the second. The old shared flag kept the last write of
        // whichever thread wrote last (200 or 20,000); each part now keeps its first, merged in order.
        let n = 2, count = 30_000
        var consumption = [Int64](repeating: 10, count: n * count)
        for t in [100, 200, 20_000] {
            consumption[t * n] = Int64.max / 2 + 1; consumption[t * n + 1] = Int64.max / 2 + 1
        }
        let problem = AllocationProblem(
            memberCount: n, generatorCount: 1, intervalCount: count, consumption: consumption,
            generation: [Int64](repeating: 5, count: count))
        let engine = AllocationEngine(rule: AllocationRule(key: .proRata, memberCount: n, generatorCount: 1))
        for _ in 0..<5 {
            do {
                _ = try engine.run(problem, threads: 2)
                Issue.record("no overflow reported")
            } catch let error as AllocationSetupError {
                #expect(error.message.hasPrefix("interval 100:"), "\(error.message)")
            }
        }
        // Without overflow both threads give the same result as one.
        var fine = problem
        for t in [100, 200, 20_000] { fine.consumption[t * n] = 10; fine.consumption[t * n + 1] = 10 }
        #expect(try engine.run(fine, threads: 2).allocated == (try engine.run(fine, threads: 1).allocated))
    }

    @Test("tiers (1, 2) and (1, 1) put the members in the same order but allocate differently: different digests")
    func digestCoversTierBoundaries() throws {
        let problem = AllocationProblem(
            memberCount: 2, generatorCount: 1, intervalCount: 1, consumption: [60, 60], generation: [100])
        let from = Timestamp(seconds: 0), to = Timestamp(seconds: 900)
        let twoTiers = AllocationRule(key: .priority, memberCount: 2, generatorCount: 1, tiers: [1, 2])
        let oneTier = AllocationRule(key: .priority, memberCount: 2, generatorCount: 1, tiers: [1, 1])
        #expect(twoTiers.tierOrder == oneTier.tierOrder)
        // Tier 1 alone takes 60 and tier 2 the remaining 40, against 50 and 50 pro rata in one tier.
        let engine = { (rule: AllocationRule) in try AllocationEngine(rule: rule).run(problem).allocated }
        #expect(try engine(twoTiers) == [60, 40] && (try engine(oneTier)) == [50, 50])
        #expect(
            AllocationRecord.digest(rule: twoTiers, problem: problem, from: from, to: to)
                != AllocationRecord.digest(rule: oneTier, problem: problem, from: from, to: to))
    }
}

@Suite("A period's limits: at most 10^15 Wh and 3,660 days")
struct PeriodLimitsTests {
    let park = Park(
        settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"),
        members: [Member(id: "a", name: "A", meters: ["a1"])], generators: [])

    @Test("readings adding up to more than 10^15 Wh, or a negative value, are bad input")
    func totals() throws {
        func data(_ consumption: [Int64]) -> PeriodData {
            PeriodData(
                from: Timestamp(seconds: 0), to: Timestamp(seconds: 900 * Int64(consumption.count)),
                resolution: .quarterHour,
                problem: AllocationProblem(
                    memberCount: 1, generatorCount: 0, intervalCount: consumption.count,
                    consumption: consumption, generation: []))
        }
        // 10^15 exactly is fine; one Wh more, or two values whose sum overflows Int64, is not.
        try data([PeriodData.maximumTotalWh]).checkTotals()
        #expect(throws: ImplausibleEnergy.self) { try data([PeriodData.maximumTotalWh, 1]).checkTotals() }
        #expect(throws: ImplausibleEnergy.self) { try data([Int64.max, Int64.max]).checkTotals() }
        #expect(throws: ImplausibleEnergy.self) { try data([5, -1]).checkTotals() }
        #expect(ImplausibleEnergy(from: .init(seconds: 0), to: .init(seconds: 900), negative: false).isBadInput)
    }

    @Test("a run longer than 3,660 days is refused before anything is read")
    func length() throws {
        let store = InMemoryReadingStore()
        let from = Timestamp(seconds: 0)
        #expect(throws: AllocationSetupError.self) {
            try PeriodData.load(park: park, store: store, from: from, to: from.adding(seconds: 3_661 * 86_400))
        }
        #expect(
            try PeriodData.load(park: park, store: store, from: from, to: from.adding(seconds: 86_400)).problem
                .intervalCount == 96)
    }
}
