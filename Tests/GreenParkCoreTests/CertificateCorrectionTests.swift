import GreenParkCore
import PropertyBased
import Testing

@Suite("Corrections after issuance: never more certificates than metered generation (DOMAIN.md 4)")
struct CertificateCorrectionTests {
    static let wind = ClaimPark.wind
    func h(_ hour: Int) -> Timestamp { ClaimPark.hour(hour) }

    /// Hour `hour` of the wind farm issued as granular certificates and transferred to a and b.
    func issue(_ r: inout CertificateRegistry, hour: Int, wh: Int64, a: Int64, b: Int64) throws -> [LedgerEvent] {
        var events = try r.issue(scheme: .granular, device: Self.wind, registeredFrom: h(0), country: "CN", region: "east",
                                 start: h(hour), end: h(hour + 1), generationWh: wh, at: h(hour + 1), issuer: "t")
        events += try r.transferAllocations(scheme: .granular, device: "wind", start: h(hour),
                                            allocations: [("a", a), ("b", b)], at: h(hour + 1))
        return events
    }

    func held(_ r: CertificateRegistry, _ owner: String, active: Bool = true) -> Int64 {
        r.ranges.filter { $0.owner == owner && (active ? $0.isActive : true) && !$0.isWithdrawn }.reduce(0) { $0 + $1.count }
    }

    @Test("the reproduced case: a reading corrected to 400 Wh withdraws the excess and follows the new allocation")
    func reproduced() throws {
        var r = CertificateRegistry(parkId: "p")
        // 13,342,985 Wh issued; a was allocated 8,000,000, b 5,000,000; 342,985 stay with the wind farm.
        _ = try issue(&r, hour: 0, wh: 13_342_985, a: 8_000_000, b: 5_000_000)
        // The hour's readings are corrected to 400 Wh, of which a and b are allocated 200 each.
        let n = try #require(r.issueNumber(.granular, device: "wind", start: h(0)))
        let (c, events) = r.correct(n, to: .init(meteredWh: 400, allocatedWh: ["a": 200, "b": 200], revisions: [5]), at: h(2))
        let correction = try #require(c)
        // a gives back 7,999,800 and b 4,999,800; the farm then holds 342,985 + 12,999,600 = 13,342,585, all withdrawn.
        #expect(correction.returned == 12_999_600 && correction.withdrawn == 13_342_585 && correction.debitWh == 0)
        #expect(held(r, "a") == 200 && held(r, "b") == 200 && held(r, "wind") == 0)
        #expect(r.ranges.filter(\.isWithdrawn).reduce(0) { $0 + $1.count } == 13_342_585)
        #expect(events.first?.kind == .correction && events.contains { $0.kind == .withdrawal })
        #expect(correction.summary.contains("metered 13342985 -> 400 Wh") && correction.summary.contains("import #5"))
        // Nothing changes on a second look at the same figures.
        #expect(r.correct(n, to: .init(meteredWh: 400, allocatedWh: ["a": 200, "b": 200]), at: h(3)).0 == nil)
    }

    @Test("redeemed certificates cannot be withdrawn: the next issuance is debited and the statement flagged")
    func redeemedThenCorrected() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issue(&r, hour: 0, wh: 13_342_985, a: 8_000_000, b: 5_000_000)
        let room = ClaimRoom(firstHour: h(0), consumption: [9_000_000], earlier: [])
        let (statement, _) = try r.redeem(RedemptionRequest(beneficiary: "a", location: "x", periodStart: h(0), periodEnd: h(1),
                                                            periodLabel: "h0", purpose: "Scope 2", scheme: .granular, room: room),
                                          at: h(1))
        #expect(statement.volumeWh == 8_000_000)
        let n = try #require(r.issueNumber(.granular, device: "wind", start: h(0)))
        let correction = try #require(r.correct(n, to: .init(meteredWh: 400, allocatedWh: ["a": 200, "b": 200]), at: h(2)).0)
        // b gives back 4,999,800; the farm holds 342,985 + 4,999,800 = 5,342,785 and withdraws them;
        // 13,342,585 - 5,342,785 = 7,999,800 Wh redeemed by a are debited from the next issuance.
        #expect(correction.withdrawn == 5_342_785 && correction.debitWh == 7_999_800)
        #expect(correction.flaggedStatements == [statement.id])
        // The next hour: 10,000,000 Wh metered, 10,000,000 - 7,999,800 = 2,000,200 certificates issued.
        _ = try issue(&r, hour: 1, wh: 10_000_000, a: 0, b: 0)
        #expect(r.issues.last?.issue.count == 2_000_200)
        // Certified over both hours: 8,000,200 (hour 0 not withdrawn) + 2,000,200 = 10,000,400 = metered 400 + 10,000,000.
        #expect(r.ranges.filter { !$0.isWithdrawn }.reduce(0) { $0 + $1.count } == 10_000_400)
    }

    @Test("a debit is paid by the next issuance; the members share what is left in proportion, not in park order")
    func debitShared() throws {
        var r = CertificateRegistry(parkId: "p")
        // Hour 0: 1,000 Wh, all to a, redeemed; hour 1: 500 Wh surplus at the farm.
        _ = try issue(&r, hour: 0, wh: 1000, a: 1000, b: 0)
        _ = try issue(&r, hour: 1, wh: 500, a: 0, b: 0)
        let room = ClaimRoom(firstHour: h(0), consumption: [1000, 0], earlier: [])
        _ = try r.redeem(RedemptionRequest(beneficiary: "a", location: "x", periodStart: h(0), periodEnd: h(2), periodLabel: "h",
                                           purpose: "p", scheme: .granular, room: room), at: h(3))
        // Hour 0 corrected to 400 Wh (a: 400): 600 redeemed certificates stand for nothing: a debit of 600 Wh.
        let n = try #require(r.issueNumber(.granular, device: "wind", start: h(0)))
        let c = try #require(r.correct(n, to: .init(meteredWh: 400, allocatedWh: ["a": 400, "b": 0]), at: h(4)).0)
        #expect(c.withdrawn == 0 && c.debitWh == 600)
        // Hour 1's 500 surplus certificates are not withdrawn for hour 0's debit.
        #expect(held(r, "wind") == 500)
        // Hour 2: 1,000 Wh, 1,000 - 600 = 400 certificates; a allocated 600, b 300 (sum 900 > 400):
        // shared 6 : 3 of 400 = 266.67 and 133.33 -> 267 and 133 (largest remainder).
        _ = try issue(&r, hour: 2, wh: 1000, a: 600, b: 300)
        let hour2 = try #require(r.issueNumber(.granular, device: "wind", start: h(2)))
        let owners = r.issues[hour2].ranges.map { "\($0.owner):\($0.count)" }
        #expect(owners == ["a:267", "b:133"], "\(owners)")
        #expect(r.transferCarry["granular|a|wind"] == 333 && r.transferCarry["granular|b|wind"] == 167)
    }

    @Test("GEC: carries take the change; a raise issues a supplement, a fall withdraws (worked by hand)")
    func gecCarries() throws {
        var r = CertificateRegistry(parkId: "p")
        let pv = ClaimPark.pv, jan = Timestamp(CivilDate(year: 2023, month: 1, day: 1)), feb = Timestamp(CivilDate(year: 2023, month: 2, day: 1))
        // January: 2.6 MWh -> 2 GEC, 0.6 MWh carried; a allocated 2.0 MWh -> 2 GEC.
        _ = try r.issue(scheme: .gec, device: pv, registeredFrom: jan, country: "CN", region: "east", start: jan, end: feb,
                        generationWh: 2_600_000, at: feb, issuer: "t")
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: jan, to: "a", allocatedWh: 2_000_000, at: feb)
        // Corrected up to 3.5 MWh, a to 2.9 MWh: carry 0.6 + 0.9 = 1.5 -> 1 GEC more, 0.5 carried; a's carry 0.9: nothing yet.
        let up = try #require(r.correct(0, to: .init(meteredWh: 3_500_000, allocatedWh: ["a": 2_900_000]), at: feb).0)
        #expect(up.issued == 1 && up.given == 0 && r.issuanceCarry["gec|pv"] == 500_000 && r.transferCarry["gec|a|pv"] == 900_000)
        #expect(r.issues.last?.issue.origin == "correction" && r.issues.last?.supplements == 0)
        // Corrected down to 1.2 MWh, a to 1.1 MWh: a's carry 0.9 - 1.8 = -0.9 -> a gives 1 GEC back (carry 0.1);
        // the device's carry 0.5 - 2.3 = -1.8 -> 2 GEC withdrawn (the supplement first), carry 0.2.
        let down = try #require(r.correct(0, to: .init(meteredWh: 1_200_000, allocatedWh: ["a": 1_100_000]), at: feb).0)
        #expect(down.returned == 1 && down.withdrawn == 2 && down.debitWh == 0)
        #expect(r.issuanceCarry["gec|pv"] == 200_000 && r.transferCarry["gec|a|pv"] == 100_000)
        // 1 GEC left (a's): 1 x 1 MWh + 0.2 carried = 1.2 MWh metered; a: 1 MWh + 0.1 carried = 1.1 MWh allocated.
        #expect(held(r, "a") == 1 && held(r, "pv") == 0)
    }

    @Test("any sequence of issuances, corrections, transfers and redemptions: certified never above metered; registry = ledger replay")
    func randomSequences() async {
        await propertyCheck(count: 200, input: Gen.int64(in: 0...Int64.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            func draw(_ n: Int64) -> Int64 { Int64(random.next() % UInt64(n)) }
            var r = CertificateRegistry(parkId: "p")
            var events: [LedgerEvent] = []
            var statements: [RedemptionStatement] = []
            let hours = 6
            var metered = [Int64](repeating: 0, count: hours)
            let pv = ClaimPark.pv
            for step in 0..<30 {
                let hour = Int(draw(Int64(hours)))
                let wh = draw(4) == 0 ? 0 : draw(5_000_000)
                let a = draw(wh + 1), b = draw(wh - a + 1)
                let gec = hour % 2 == 0   // even hours: MWh certificates of pv; odd hours: granular of wind
                let device = gec ? pv : Self.wind
                let scheme: CertificateScheme = gec ? .gec : .granular
                if let n = r.issueNumber(scheme, device: device.id, start: h(hour)) {
                    let (c, more) = r.correct(n, to: .init(meteredWh: wh, allocatedWh: ["a": a, "b": b]), at: h(100 + step))
                    if c != nil { metered[hour] = wh }
                    events += more
                } else {
                    events += try r.issue(scheme: scheme, device: device, registeredFrom: h(0), country: "CN", region: "east",
                                          start: h(hour), end: h(hour + 1), generationWh: wh, at: h(100 + step), issuer: "t")
                    for (member, value) in [("a", a), ("b", b)] {
                        events += try r.transferAllocation(scheme: scheme, device: device.id, start: h(hour), to: member,
                                                           allocatedWh: value, at: h(100 + step))
                    }
                    metered[hour] = wh
                }
                if draw(3) == 0 {
                    let member = draw(2) == 0 ? "a" : "b"
                    let room = ClaimRoom(firstHour: h(0), consumption: Array(repeating: 3_000_000, count: hours),
                                         earlier: statements.filter { $0.beneficiary == member }.compactMap(\.coverage))
                    let request = RedemptionRequest(beneficiary: member, location: "x", periodStart: h(0), periodEnd: h(hours),
                                                    periodLabel: "all", purpose: "p", scheme: draw(2) == 0 ? .gec : .granular,
                                                    room: room)
                    if let (s, more) = try? r.redeem(request, at: h(200)) {
                        statements.append(s)
                        events += more
                    }
                }
            }
            // Per scheme and device: certificates not withdrawn x unit + carry = metered (a negative carry is the
            // debit the next issuances pay off), and never a certificate beyond what the carry accounts for.
            for (scheme, device, unit) in [(CertificateScheme.gec, "pv", Int64(1_000_000)), (.granular, "wind", 1)] {
                let live = r.ranges.filter { $0.scheme == scheme && $0.device == device && !$0.isWithdrawn }
                let carry = r.issuanceCarry["\(scheme.rawValue)|\(device)", default: 0]
                let total = metered.enumerated().filter { ($0.offset % 2 == 0) == (scheme == .gec) }.reduce(Int64(0)) { $0 + $1.element }
                #expect(live.reduce(0) { $0 + $1.count } * unit + carry == total)
                #expect(carry < unit, "a whole certificate's worth left unissued: \(carry)")
            }
            var replay = LedgerReplay()
            for (k, event) in events.enumerated() { try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data) }
            #expect(replay.problems(registry: r, statements: statements).isEmpty)
        }
    }
}
