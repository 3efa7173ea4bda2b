import GreenParkCore
import PropertyBased
import Testing

/// Random parks: 1 to 12 members, 1 to 4 generators, values from zero up to near the
/// Int64 limit (scaled so an interval's total still fits), many zeros.
struct RandomPark: Sendable, CustomStringConvertible {
    var consumption: [Int64]
    var generation: [Int64]
    var weights: [Int64]
    var shares: [Int64]
    var tiers: [Int]

    var description: String { "C=\(consumption) G=\(generation) w=\(weights) s=\(shares) tiers=\(tiers)" }

    static let generator = zip(
        Gen.int(in: 1...12), Gen.int(in: 1...4), Gen.int(in: 0...3),
        Gen.int64(in: 0...Int64.max).array(of: 16), Gen.int(in: 0...4).array(of: 16),
        Gen.int64(in: 1...5_000_000).array(of: 12), Gen.int64(in: 0...83_333).array(of: 12), Gen.int(in: 1...3).array(of: 12)
    ).map { n, m, scale, raw, zeros, w, s, t in
        // scale 0: small values; 1: typical Wh; 2: large; 3: up to Int64.max / (n + m)
        let limit: Int64 = [20, 5_000_000, 1 << 50, Int64.max / Int64(n + m)][scale]
        let values = raw.indices.map { zeros[$0] == 0 ? 0 : raw[$0] % (limit + 1) }
        return RandomPark(consumption: Array(values[0..<n]), generation: Array(values[12..<(12 + m)]),
                          weights: Array(w[0..<n]), shares: Array(s[0..<n]), tiers: Array(t[0..<n]))
    }

    func run(_ key: AllocationKeyName) throws -> AllocationOutcome {
        let rule = AllocationRule(key: key, memberCount: consumption.count, generatorCount: generation.count, shares: shares, weights: weights, tiers: tiers)
        return try AllocationEngine(rule: rule).run(AllocationProblem(
            memberCount: consumption.count, generatorCount: generation.count, intervalCount: 1, consumption: consumption, generation: generation))
    }
}

@Suite("Allocation invariants on thousands of random parks")
struct AllocationPropertyTests {
    /// 0 <= A_i <= C_i, sum A + surplus = G, per-generator parts sum to A_i and never
    /// exceed a generator's output.
    func checkInvariants(_ park: RandomPark, _ out: AllocationOutcome) {
        let n = park.consumption.count, m = park.generation.count
        let g = park.generation.reduce(Int64(0), +)
        #expect(out.allocated.reduce(Int64(0), +) + out.surplus[0] == g)
        #expect(out.surplus[0] >= 0)
        for i in 0..<n {
            #expect(out.allocated[i] >= 0 && out.allocated[i] <= park.consumption[i])
            let parts = (0..<m).map { out.allocated(interval: 0, member: i, generator: $0) }
            #expect(parts.allSatisfy { $0 >= 0 })
            #expect(parts.reduce(0, +) == out.allocated[i])
        }
        for j in 0..<m {
            let fromJ = (0..<n).reduce(Int64(0)) { $0 + out.allocated(interval: 0, member: $1, generator: j) }
            #expect(fromJ <= park.generation[j])
        }
    }

    @Test("pro-rata: invariants, sum A = min(G, sum C), every member within 1 Wh of its exact share")
    func proRata() async {
        await propertyCheck(count: 3000, input: RandomPark.generator) { park in
            let out = try park.run(.proRata)
            checkInvariants(park, out)
            let g = park.generation.reduce(Int64(0), +), total = park.consumption.reduce(Int64(0), +)
            let d = min(g, total)
            #expect(out.allocated.reduce(Int64(0), +) == d)
            guard total > 0 else { return }
            for (i, c) in park.consumption.enumerated() {
                // exact share x = d * c / total; |A - x| < 1  <=>  |A * total - d * c| < total
                let exact = Int128(d) * Int128(c)
                #expect(abs(Int128(out.allocated[i]) * Int128(total) - exact) < Int128(total))
            }
        }
    }

    @Test("weighted: invariants and sum A = min(G, sum C)")
    func weighted() async {
        await propertyCheck(count: 3000, input: RandomPark.generator) { park in
            let out = try park.run(.weighted)
            checkInvariants(park, out)
            let d = min(park.generation.reduce(Int64(0), +), park.consumption.reduce(Int64(0), +))
            #expect(out.allocated.reduce(Int64(0), +) == d)
        }
    }

    @Test("static and priority: invariants")
    func staticAndPriority() async {
        await propertyCheck(count: 2000, input: RandomPark.generator) { park in
            checkInvariants(park, try park.run(.static))
            let priority = try park.run(.priority)
            checkInvariants(park, priority)
            let d = min(park.generation.reduce(Int64(0), +), park.consumption.reduce(Int64(0), +))
            #expect(priority.allocated.reduce(Int64(0), +) == d)
        }
    }

    @Test("a single member gets min(G, C)")
    func singleMember() async {
        await propertyCheck(count: 500, input: Gen.int64(in: 0...(Int64.max / 2)), Gen.int64(in: 0...(Int64.max / 2))) { c, g in
            for key in [AllocationKeyName.proRata, .weighted, .priority] {
                let park = RandomPark(consumption: [c], generation: [g], weights: [1_000_000], shares: [1_000_000], tiers: [1])
                #expect((try? park.run(key))?.allocated == [min(c, g)])
            }
        }
    }
}

/// A plain reference of DOMAIN.md 3's pro-rata and weighted rules, written the obvious way
/// (Int128, a full sort of the remainders), to compare the fast kernels against.
enum ReferenceAllocation {
    static func largestRemainder(amount: Int128, x: [Int128], denominator: Int128, eligible: [Bool]) -> [Int128] {
        var values = x.indices.map { eligible[$0] ? amount * x[$0] / denominator : 0 }
        let remainders = x.indices.map { eligible[$0] ? amount * x[$0] % denominator : -1 }
        var leftover = Int(amount - x.indices.reduce(Int128(0)) { $0 + (eligible[$1] ? values[$1] : 0) })
        for i in x.indices.sorted(by: { (remainders[$0], -$0) > (remainders[$1], -$1) }) where leftover > 0 && eligible[i] {
            values[i] += 1
            leftover -= 1
        }
        return values
    }

    static func proRata(g: Int64, c: [Int64]) -> [Int64] {
        let total = c.reduce(Int128(0)) { $0 + Int128($1) }
        guard total > 0 else { return c.map { _ in 0 } }
        let d = min(Int128(g), total)
        return largestRemainder(amount: d, x: c.map { Int128($0) }, denominator: total, eligible: c.map { _ in true }).map { Int64($0) }
    }

    static func weighted(g: Int64, c: [Int64], w: [Int64]) -> [Int64] {
        let total = c.reduce(Int128(0)) { $0 + Int128($1) }
        let d = min(Int128(g), total)
        if d == total { return c }
        // Water level by sorting members by C_i / w_i (exact comparison).
        let order = c.indices.sorted { Int128(c[$0]) * Int128(w[$1]) < Int128(c[$1]) * Int128(w[$0]) }
        var rest = d, restWeight = w.reduce(Int128(0)) { $0 + Int128($1) }
        var capped = [Bool](repeating: false, count: c.count)
        for i in order where Int128(c[i]) * restWeight < rest * Int128(w[i]) {
            capped[i] = true
            rest -= Int128(c[i])
            restWeight -= Int128(w[i])
        }
        var shares = largestRemainder(amount: rest, x: w.map { Int128($0) }, denominator: max(restWeight, 1), eligible: capped.map { !$0 })
        for i in c.indices where capped[i] { shares[i] = Int128(c[i]) }
        return shares.map { Int64($0) }
    }
}

@Suite("Fast kernels against a plain reference")
struct AllocationReferenceTests {
    @Test("pro-rata and weighted give exactly the reference's result, ties included")
    func matchesReference() async {
        await propertyCheck(count: 3000, input: RandomPark.generator) { park in
            let g = park.generation.reduce(Int64(0), +)
            let proRata = try park.run(.proRata).allocated
            let weighted = try park.run(.weighted).allocated
            #expect(proRata == ReferenceAllocation.proRata(g: g, c: park.consumption))
            #expect(weighted == ReferenceAllocation.weighted(g: g, c: park.consumption, w: park.weights))
        }
    }

    @Test("regression: three candidates in the cut bucket, large values (found by the property test)")
    func cutBucket() throws {
        let c: [Int64] = [396175243321588, 316720569217279, 111215029489255, 392866654193648, 157092637772621, 241772152382813, 255962560813921, 239477415987140]
        let w: [Int64] = [4489466, 3589084, 1260291, 4451973, 1780177, 2739767, 2900573, 2713763]
        let park = RandomPark(consumption: c, generation: [673886121258028, 0, 373887289990045, 1063508851930188], weights: w, shares: c.map { _ in 0 }, tiers: c.map { _ in 1 })
        // D = sum C - 4; floors are C_i - 1 for all; remainders put members 7, 2, 5, 0 first.
        let allocated = try park.run(.weighted).allocated
        #expect(allocated == [c[0], c[1] - 1, c[2], c[3] - 1, c[4] - 1, c[5], c[6] - 1, c[7]])
    }

    @Test("many equal remainders: ties go to the lower index")
    func ties() throws {
        let c = [Int64](repeating: 7, count: 300)
        for g: Int64 in [1, 150, 299, 1000, 2099] {
            let park = RandomPark(consumption: c, generation: [g], weights: c.map { _ in 1_000_000 }, shares: c.map { _ in 0 }, tiers: c.map { _ in 1 })
            let allocated = try park.run(.proRata).allocated
            #expect(allocated == ReferenceAllocation.proRata(g: g, c: c))
        }
    }
}
