import GreenParkCore
import Testing

/// Runs one interval through the engine.
func allocateOne(_ key: AllocationKeyName, generation: [Int64], consumption: [Int64],
                 shares: [Int64]? = nil, weights: [Int64]? = nil, tiers: [Int]? = nil) throws -> AllocationOutcome {
    let rule = AllocationRule(key: key, memberCount: consumption.count, generatorCount: generation.count, shares: shares, weights: weights, tiers: tiers)
    let problem = AllocationProblem(memberCount: consumption.count, generatorCount: generation.count, intervalCount: 1, consumption: consumption, generation: generation)
    return try AllocationEngine(rule: rule).run(problem)
}

let million: Int64 = 1_000_000

@Suite("Allocation keys on hand-worked examples (DOMAIN.md 3)")
struct AllocationKeyTests {
    @Test("pro-rata: exact shares")
    func proRataExact() throws {
        // G = 100, C = (30, 30, 60): D = 100, shares 100*30/120 = 25, 25, 100*60/120 = 50
        let out = try allocateOne(.proRata, generation: [100], consumption: [30, 30, 60])
        #expect(out.allocated == [25, 25, 50])
        #expect(out.surplus == [0])
    }

    @Test("pro-rata: largest remainder, ties to the lower index")
    func proRataTies() throws {
        // G = 10, C = (10, 10, 10): 10*10/30 = 3.33: floors 3, 3, 3, remainders 10, 10, 10 (of 30);
        // leftover 1 -> member 0
        #expect(try allocateOne(.proRata, generation: [10], consumption: [10, 10, 10]).allocated == [4, 3, 3])
        // G = 11: 11*10/30 = 3.67: floors 3, 3, 3 (9), remainders 20 each, leftover 2 -> members 0 and 1
        #expect(try allocateOne(.proRata, generation: [11], consumption: [10, 10, 10]).allocated == [4, 4, 3])
        // G = 7, C = (1, 2, 4): exact 1, 2, 4 (D = 7 = sum C): everything consumed, no rounding
        #expect(try allocateOne(.proRata, generation: [7], consumption: [1, 2, 4]).allocated == [1, 2, 4])
        // G = 5, C = (1, 2, 4): exact 5/7 = 0.714, 10/7 = 1.429, 20/7 = 2.857
        // floors 0, 1, 2 (3); remainders 5, 3, 6 (of 7); leftover 2 -> members 2 (6) and 0 (5)
        #expect(try allocateOne(.proRata, generation: [5], consumption: [1, 2, 4]).allocated == [1, 1, 3])
    }

    @Test("pro-rata: surplus when generation exceeds consumption; zero consumption gets zero")
    func proRataSurplus() throws {
        let out = try allocateOne(.proRata, generation: [500], consumption: [100, 0, 200])
        #expect(out.allocated == [100, 0, 200])
        #expect(out.surplus == [200])
        #expect(try allocateOne(.proRata, generation: [500], consumption: [0, 0]).allocated == [0, 0])
        #expect(try allocateOne(.proRata, generation: [0], consumption: [5, 5]).allocated == [0, 0])
    }

    @Test("static: min(C_i, floor(s_i * G)); unused share is surplus")
    func staticKey() throws {
        // s = (0.30, 0.50), G = 1,000, C = (200, 800): min(200, 300) = 200, min(800, 500) = 500; surplus 300
        let out = try allocateOne(.static, generation: [1000], consumption: [200, 800], shares: [300_000, 500_000])
        #expect(out.allocated == [200, 500])
        #expect(out.surplus == [300])
        // floor: s = 1/3 as 0.333333, G = 10: floor(3.33333) = 3
        #expect(try allocateOne(.static, generation: [10], consumption: [10], shares: [333_333]).allocated == [3])
    }

    @Test("weighted: water filling caps small needs and shares the rest by weight")
    func weighted() throws {
        // w = (1, 1, 2), C = (10, 100, 100), G = 100: L = 100/4 = 25 caps member 0 at 10;
        // D' = 90, W' = 3, L = 30: member 1 gets 30, member 2 gets 60.
        let out = try allocateOne(.weighted, generation: [100], consumption: [10, 100, 100], weights: [million, million, 2 * million])
        #expect(out.allocated == [10, 30, 60])
        // w = (1, 1, 1), C = (5, 5, 5), G = 10: L = 10/3: 3.33 each; floors 3, 3, 3; leftover 1 -> member 0
        #expect(try allocateOne(.weighted, generation: [10], consumption: [5, 5, 5], weights: [million, million, million]).allocated == [4, 3, 3])
        // Two rounds of capping: w = (1, 1, 1, 1), C = (1, 2, 50, 50), G = 40:
        // L = 10 caps 1 and 2 (D' = 37, W' = 2, L = 18.5): 18.5 each -> floors 18, 18, leftover 1 -> member 2
        #expect(try allocateOne(.weighted, generation: [40], consumption: [1, 2, 50, 50], weights: [million, million, million, million]).allocated == [1, 2, 19, 18])
    }

    @Test("priority: tier 1 first (pro rata), the rest to tier 2")
    func priority() throws {
        // tiers (1, 2, 2), C = (50, 40, 20), G = 80: tier 1 takes 50; tier 2 shares 30 over 60: 20 and 10
        #expect(try allocateOne(.priority, generation: [80], consumption: [50, 40, 20], tiers: [1, 2, 2]).allocated == [50, 20, 10])
        // tiers (2, 1): tier 1 is member 1: C = (10, 10), G = 15 -> member 1 takes 10, member 0 gets 5
        #expect(try allocateOne(.priority, generation: [15], consumption: [10, 10], tiers: [2, 1]).allocated == [5, 10])
    }

    @Test("several generators: each member's A_i split by generation, largest remainder, ties to the first")
    func attribution() throws {
        // G = (1, 2), C = (10): A = 3 split 1 : 2 -> (1, 2)
        let one = try allocateOne(.proRata, generation: [1, 2], consumption: [10])
        #expect(one.allocated == [3])
        #expect((0..<2).map { one.allocated(interval: 0, member: 0, generator: $0) } == [1, 2])
        // G = (10, 20), C = (10, 10): A = (10, 10); each split 10*10/30 = 3.33 and 6.67 -> floors 3, 6,
        // remainders 10, 20 (of 30) -> leftover to generator 1 -> (3, 7)
        let two = try allocateOne(.proRata, generation: [10, 20], consumption: [10, 10])
        #expect((0..<2).map { two.allocated(interval: 0, member: 0, generator: $0) } == [3, 7])
        // Ties: G = (5, 5), A = 3: 1.5 each -> floors 1, 1, equal remainders -> the first generator
        let tie = try allocateOne(.proRata, generation: [5, 5], consumption: [3])
        #expect((0..<2).map { tie.allocated(interval: 0, member: 0, generator: $0) } == [2, 1])
    }

    @Test("a contract serves its pinned member first from its generator")
    func contracts() throws {
        let park = Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
            members: [Member(id: "a", name: "A", meters: ["a1"]), Member(id: "b", name: "B", meters: ["b1"])],
            generators: [
                Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(10), commissioned: CivilDate(year: 2023, month: 1, day: 1), registered: CivilDate(year: 2023, month: 1, day: 1), meter: "pv1"),
                Generator(id: "wind", name: "W", technology: .wind, capacityKW: Fixed6(10), commissioned: CivilDate(year: 2023, month: 1, day: 1), registered: CivilDate(year: 2023, month: 1, day: 1), meter: "w1"),
            ],
            contracts: [SupplyContract(member: "b", generators: ["pv"])])
        // C = (100, 100), G = (pv 60, wind 40). Stage 1: pv's 60 to b. Stage 2: wind's 40 pro rata
        // over the remaining C = (100, 40): 4000/140 = 28.57 and 1600/140 = 11.43 -> floors 28, 11 (39),
        // remainders 80, 60 (of 140) -> the leftover 1 Wh to a -> (29, 11). Totals: a 29, b 60 + 11 = 71.
        let problem = AllocationProblem(memberCount: 2, generatorCount: 2, intervalCount: 1, consumption: [100, 100], generation: [60, 40])
        let out = try AllocationEngine(rule: AllocationRule(park: park)).run(problem)
        #expect(out.allocated == [29, 71])
        #expect(out.allocated(interval: 0, member: 1, generator: 0) == 60)
        #expect(out.allocated(interval: 0, member: 1, generator: 1) == 11)
        #expect(out.allocated(interval: 0, member: 0, generator: 1) == 29)
        #expect(out.surplus == [0])
    }

    @Test("excluded intervals allocate nothing")
    func excluded() throws {
        let rule = AllocationRule(key: .proRata, memberCount: 1, generatorCount: 1)
        let problem = AllocationProblem(memberCount: 1, generatorCount: 1, intervalCount: 2, consumption: [5, 5], generation: [5, 5], excluded: [false, true])
        let out = try AllocationEngine(rule: rule).run(problem)
        #expect(out.allocated == [5, 0])
    }
}
