import GreenParkCore
import PropertyBased
import Testing

/// A park of one member and two devices, hour by hour from `t0`: `pv` certified in hourly
/// granular certificates, `wind` in GEC-like MWh certificates per day (any period works
/// for the registry), everything transferred to member `a`.
struct ClaimPark {
    static let t0 = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
    static func hour(_ h: Int) -> Timestamp { t0.adding(seconds: Int64(h) * 3600) }
    static let pv = Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(100),
                              commissioned: CivilDate(year: 2023, month: 1, day: 1),
                              registered: CivilDate(year: 2023, month: 1, day: 1), meter: "pv1")
    static let wind = Generator(id: "wind", name: "Wind", technology: .wind, capacityKW: Fixed6(100),
                                commissioned: CivilDate(year: 2023, month: 1, day: 1),
                                registered: CivilDate(year: 2023, month: 1, day: 1), meter: "w1")

    var registry = CertificateRegistry(parkId: "p")
    var consumption: [Int64]
    var statements: [RedemptionStatement] = []
    var events: [LedgerEvent] = []

    init(consumption: [Int64]) { self.consumption = consumption }

    mutating func issueHour(_ h: Int, wh: Int64, transfer: Int64) throws {
        events += try registry.issue(scheme: .granular, device: Self.pv, registeredFrom: Self.hour(0), country: "CN",
                                     region: "east", start: Self.hour(h), end: Self.hour(h + 1), generationWh: wh,
                                     at: Self.hour(h + 1), issuer: "t")
        events += try registry.transferAllocation(scheme: .granular, device: "pv", start: Self.hour(h), to: "a",
                                                  allocatedWh: transfer, at: Self.hour(h + 1))
    }

    mutating func issueDay(_ d: Int, wh: Int64, transfer: Int64) throws {
        events += try registry.issue(scheme: .gec, device: Self.wind, registeredFrom: Self.hour(0), country: "CN",
                                     region: "east", start: Self.hour(24 * d), end: Self.hour(24 * d + 24), generationWh: wh,
                                     at: Self.hour(24 * d + 24), issuer: "t")
        events += try registry.transferAllocation(scheme: .gec, device: "wind", start: Self.hour(24 * d), to: "a",
                                                  allocatedWh: transfer, at: Self.hour(24 * d + 24))
    }

    /// A request of hours `[from, to)`, its room made from the consumption and every statement so far.
    func request(_ from: Int, _ to: Int, scheme: CertificateScheme, volume: Int64? = nil) -> RedemptionRequest {
        RedemptionRequest(beneficiary: "a", location: "x", periodStart: Self.hour(from), periodEnd: Self.hour(to),
                          periodLabel: "h\(from)-h\(to)", purpose: "Scope 2", scheme: scheme, volumeWh: volume,
                          room: ClaimRoom(firstHour: Self.hour(from), consumption: Array(consumption[from..<to]),
                                          earlier: statements.compactMap(\.coverage)))
    }

    mutating func redeem(_ request: RedemptionRequest) throws -> RedemptionStatement {
        let (statement, more) = try registry.redeem(request, at: Self.hour(100))
        statements.append(statement)
        events += more
        return statement
    }

    /// Wh covered per hour by all statements.
    var covered: [Int64] {
        var out = [Int64](repeating: 0, count: consumption.count)
        for s in statements {
            for (start, wh) in s.coverage?.hours ?? [] { out[Int((start.seconds - Self.t0.seconds) / 3600)] += wh }
        }
        return out
    }
}

@Suite("Claims: no Wh of consumption covered twice (DOMAIN.md 4)")
struct ClaimCoverageTests {
    @Test("the reproduced double claim: surplus hourly certificates of a covered hour are refused")
    func reproducedDoubleClaim() throws {
        // Hour 0: a consumes 1,000 Wh; pv makes 1,500 Wh, 1,000 allocated to a (500 surplus stays at pv).
        var park = ClaimPark(consumption: [1000, 0])
        try park.issueHour(0, wh: 1500, transfer: 1000)
        // A redemption for the whole run (hours 0-2) covers hour 0's 1,000 Wh.
        let first = try park.redeem(park.request(0, 2, scheme: .granular))
        #expect(first.volumeWh == 1000 && first.coverage?.hours.map(\.wh) == [1000])
        // The operator transfers the 500 surplus certificates of hour 0 to a ...
        park.events += try park.registry.transfer(firstId: "GC-p-pv-0000001001", lastId: "GC-p-pv-0000001500",
                                                  from: "pv", to: "a", at: ClaimPark.hour(5))
        // ... and a redemption for just that hour finds nothing to cover: hour 0 is covered already.
        #expect(throws: CertificateError.self) { try park.redeem(park.request(0, 1, scheme: .granular)) }
        do {
            _ = try park.redeem(park.request(0, 1, scheme: .granular, volume: 500))
            Issue.record("a second claim on hour 0 was accepted")
        } catch let error as CertificateError {
            #expect(error.code == "certificates.above-consumption", "\(error.message)")
        }
        #expect(throws: CertificateError.self) {
            try park.registry.redeem(firstId: "GC-p-pv-0000001001", lastId: "GC-p-pv-0000001001",
                                     park.request(0, 1, scheme: .granular), at: ClaimPark.hour(100))
        }
        #expect(park.covered == [1000, 0])
    }

    @Test("an hourly certificate covers only its own hour; the statement lists the hours")
    func hourlyOwnHour() throws {
        // Consumption 300, 800, 0, 200 Wh; pv certificates 500, 500, 500, 500 all go to a.
        var park = ClaimPark(consumption: [300, 800, 0, 200])
        for h in 0..<4 { try park.issueHour(h, wh: 500, transfer: 500) }
        let s = try park.redeem(park.request(0, 4, scheme: .granular))
        // min(500, 300) + min(500, 800) + 0 + min(500, 200) = 300 + 500 + 0 + 200 = 1,000 Wh, hour by hour.
        #expect(s.volumeWh == 1000)
        #expect(s.coverage?.hours.map(\.wh) == [300, 500, 200])
        #expect(s.coverage?.hours.map(\.start) == [ClaimPark.hour(0), ClaimPark.hour(1), ClaimPark.hour(3)])
        // Certificates of hour 2 never cover hour 1's 300 Wh still uncovered.
        #expect(throws: CertificateError.self) {
            try park.registry.redeem(firstId: "GC-p-pv-0000001001", lastId: "GC-p-pv-0000001001",
                                     park.request(0, 4, scheme: .granular), at: ClaimPark.hour(100))
        }
    }

    @Test("a monthly certificate covers its production period's hours first, then the period's other hours")
    func monthlyPlacement() throws {
        // Two days of 24 hours; a consumes 100,000 Wh each hour of day 0 and 50,000 each hour of day 1:
        // 2.4 MWh and 1.2 MWh. Wind certifies 3 MWh of day 1 (3 certificates), all for a.
        var park = ClaimPark(consumption: Array(repeating: 100_000, count: 24) + Array(repeating: 50_000, count: 24))
        try park.issueDay(1, wh: 3_000_000, transfer: 3_000_000)
        // Redeemed for both days: 3 MWh = day 1's 1.2 MWh first (its production day), then 1.8 MWh from hour 0 on:
        // 18 hours of day 0 at 100,000 Wh.
        let s = try park.redeem(park.request(0, 48, scheme: .gec))
        #expect(s.volumeWh == 3_000_000)
        let covered = park.covered
        #expect(Array(covered[24..<48]) == Array(repeating: 50_000, count: 24))
        #expect(Array(covered[0..<18]) == Array(repeating: 100_000, count: 18) && covered[18..<24].allSatisfy { $0 == 0 })
        // Then a claim for day 0 alone finds 0.6 MWh uncovered: no whole certificate fits.
        try park.issueDay(0, wh: 1_000_000, transfer: 1_000_000)
        #expect(throws: CertificateError.self) { try park.redeem(park.request(0, 24, scheme: .gec)) }
        // A 0.6 MWh room elsewhere does not make a 1 MWh claim fit either; overlapping periods share one room.
        #expect(park.covered.reduce(0, +) == 3_000_000)
    }

    @Test("coverage totals always equal the volume redeemed; a claim never leaves its period")
    func placementBounds() {
        let room = ClaimRoom(firstHour: ClaimPark.hour(0), consumption: [1, 2, 3, 4, 5, 6], earlier: [])
        // A piece of 4 Wh produced in hours 2-4 fills hour 2 (3) and hour 3 (1); one of 10 Wh produced in hours
        // 0-2 fills hours 0 and 1 (1 + 2) and spills 7 in time order: hour 2 is full, hour 3 takes 3, hour 4 takes 4.
        let (placed, leftover) = room.place([(ClaimPark.hour(2), ClaimPark.hour(4), 4), (ClaimPark.hour(0), ClaimPark.hour(2), 10)],
                                            hourly: false)
        #expect(placed == [1, 2, 3, 4, 4, 0] && leftover == 0)
        // 22 Wh is more than the 21 Wh of the period: 1 Wh does not fit.
        #expect(room.place([(ClaimPark.hour(0), ClaimPark.hour(6), 22)], hourly: false).leftover == 1)
    }

    @Test("random redemptions over random overlapping periods never cover more than the consumption of any hour")
    func randomSequences() async {
        await propertyCheck(count: 300, input: Gen.int64(in: 0...Int64.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            func draw(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
            let hours = 72
            var park = ClaimPark(consumption: (0..<hours).map { _ in draw(4) == 0 ? 0 : Int64(draw(2_000_000)) })
            for h in 0..<hours {
                let wh = Int64(draw(3_000_000))
                try park.issueHour(h, wh: wh, transfer: wh - Int64(draw(Int(wh) + 1)) / 2)
            }
            for d in 0..<3 {
                let wh = Int64(draw(40_000_000))
                try park.issueDay(d, wh: wh, transfer: wh)
            }
            for _ in 0..<12 {
                let from = draw(hours), to = from + 1 + draw(hours - from)
                let scheme: CertificateScheme = draw(2) == 0 ? .granular : .gec
                let volume: Int64? = draw(3) == 0 ? Int64(1 + draw(5)) * (scheme == .gec ? 1_000_000 : 100_000) : nil
                guard let s = try? park.redeem(park.request(from, to, scheme: scheme, volume: volume)) else { continue }
                let coverage = try #require(s.coverage)
                #expect(coverage.totalWh == s.volumeWh)
                #expect(coverage.hours.allSatisfy { $0.start >= ClaimPark.hour(from) && $0.start < ClaimPark.hour(to) })
                if scheme == .granular {
                    // Each hourly certificate covers its own hour: per hour, coverage = certificates of that hour.
                    var own: [Timestamp: Int64] = [:]
                    for r in s.certificates { own[r.productionStart, default: 0] += r.volumeWh }
                    #expect(coverage.hours.allSatisfy { own[$0.start] == $0.wh })
                }
            }
            let covered = park.covered
            for h in 0..<hours { #expect(covered[h] <= park.consumption[h], "hour \(h): \(covered[h]) > \(park.consumption[h])") }
            // And the registry is what its ledger says.
            var replay = LedgerReplay()
            for (k, event) in park.events.enumerated() {
                try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data)
            }
            #expect(replay.problems(registry: park.registry, statements: park.statements).isEmpty)
        }
    }
}
