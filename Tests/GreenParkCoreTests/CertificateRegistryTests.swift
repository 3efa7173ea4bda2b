import GreenParkCore
import Testing

@Suite("Certificate registry (DOMAIN.md 4)")
struct CertificateRegistryTests {
    let pv = Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(10_000),
                       commissioned: CivilDate(year: 2022, month: 11, day: 1), registered: CivilDate(year: 2022, month: 12, day: 1), meter: "pv1")
    func t(_ y: Int, _ m: Int, _ d: Int = 1, _ h: Int = 0) -> Timestamp { Timestamp(CivilDate(year: y, month: m, day: d), hour: h) }
    var registered: Timestamp { t(2022, 12) }

    func issueMonth(_ r: inout CertificateRegistry, _ month: Int, _ wh: Int64, scheme: CertificateScheme = .gec) throws -> [LedgerEvent] {
        try r.issue(scheme: scheme, device: pv, registeredFrom: registered, country: "CN", region: "east",
                    start: t(2023, month), end: t(2023, month + 1), generationWh: wh, at: t(2023, month + 1, 5), issuer: "test")
    }

    @Test("GEC issuance: whole MWh, the remainder carries to the next month; ids are contiguous")
    func issuanceCarry() throws {
        var r = CertificateRegistry(parkId: "p")
        // Jan: 2.6 MWh -> 2 certificates, 0.6 MWh carried; Feb: 1.5 + 0.6 = 2.1 -> 2, 0.1 carried
        let jan = try issueMonth(&r, 1, 2_600_000)
        let feb = try issueMonth(&r, 2, 1_500_000)
        #expect(r.ranges.map(\.count) == [2, 2])
        #expect(r.ranges[0].firstId == "GEC-p-pv-0000000001" && r.ranges[0].lastId == "GEC-p-pv-0000000002")
        #expect(r.ranges[1].firstId == "GEC-p-pv-0000000003")
        #expect(r.issuanceCarry["gec|pv"] == 100_000)
        #expect(jan.first?.data["volume_wh"] == .integer(2_000_000) && feb.count == 1)
        #expect(r.ranges.allSatisfy { $0.owner == "pv" })
    }

    @Test("never twice for the same device and period; never before registration")
    func refusals() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 2_000_000)
        let before = r
        #expect(throws: CertificateError.self) { try issueMonth(&r, 1, 2_000_000) }
        #expect(r == before)
        #expect(throws: CertificateError.self) {
            try r.issue(scheme: .gec, device: pv, registeredFrom: registered, country: "CN", region: "east",
                        start: t(2022, 11), end: t(2022, 12), generationWh: 5_000_000, at: t(2023, 1), issuer: "test")
        }
    }

    @Test("the same production is never certified in two schemes")
    func doubleIssuance() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 2_000_000)
        #expect(throws: CertificateError.self) {
            try r.issue(scheme: .granular, device: pv, registeredFrom: registered, country: "CN", region: "east",
                        start: t(2023, 1, 15, 10), end: t(2023, 1, 15, 11), generationWh: 500, at: t(2023, 2), issuer: "test")
        }
        // Another device, or another time, is fine.
        _ = try r.issue(scheme: .granular, device: pv, registeredFrom: registered, country: "CN", region: "east",
                        start: t(2023, 2, 15, 10), end: t(2023, 2, 15, 11), generationWh: 500, at: t(2023, 3), issuer: "test")
        #expect(r.ranges.count == 2)
    }

    @Test("transfer per allocation: whole certificates, the member's fraction carries per device")
    func transferCarry() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 3_000_000)
        _ = try issueMonth(&r, 2, 3_000_000)
        // Jan: 1.7 MWh allocated -> 1 certificate, 0.7 carried; Feb: 0.5 + 0.7 = 1.2 -> 1, 0.2 carried
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 1), to: "textiles", allocatedWh: 1_700_000, at: t(2023, 2, 5))
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 2), to: "textiles", allocatedWh: 500_000, at: t(2023, 3, 5))
        let owned = r.ranges.filter { $0.owner == "textiles" }
        #expect(owned.map(\.count) == [1, 1])
        #expect(owned.map(\.firstId) == ["GEC-p-pv-0000000001", "GEC-p-pv-0000000004"])
        #expect(r.transferCarry["gec|textiles|pv"] == 200_000)
        #expect(r.ranges.filter { $0.owner == "pv" }.reduce(0) { $0 + $1.count } == 4) // surplus stays with the generator
    }

    @Test("granular: one certificate per Wh and hour; a transfer splits the bundle")
    func granular() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try r.issue(scheme: .granular, device: pv, registeredFrom: registered, country: "CN", region: "east",
                        start: t(2023, 6, 1, 4), end: t(2023, 6, 1, 5), generationWh: 1234, at: t(2023, 6, 2), issuer: "test")
        let events = try r.transferAllocation(scheme: .granular, device: "pv", start: t(2023, 6, 1, 4), to: "a", allocatedWh: 1000, at: t(2023, 6, 2))
        #expect(r.ranges.map { ($0.owner, $0.firstSerial, $0.lastSerial) }.map { "\($0.0):\($0.1)-\($0.2)" } == ["a:1-1000", "pv:1001-1234"])
        // One entry records the transfer and the split of the bundle it came from.
        #expect(events.map(\.kind) == [.transfer])
        #expect(events[0].data["split_from"] == .array([.string("GC-p-pv-0000000001"), .string("GC-p-pv-0000001234")]))
    }

    /// A request for 2023 with all of `consumption` in its first hour, after `earlier` statements.
    func request(_ member: String, consumption: Int64, volume: Int64? = nil,
                 earlier: [RedemptionStatement] = []) -> RedemptionRequest {
        let hours = [consumption] + Array(repeating: 0, count: 8759)
        return RedemptionRequest(beneficiary: member, location: "Demo park, Hangzhou", periodStart: t(2023, 1),
                                 periodEnd: t(2024, 1), periodLabel: "2023", purpose: "Scope 2", scheme: .gec, volumeWh: volume,
                                 room: ClaimRoom(firstHour: t(2023, 1), consumption: hours, earlier: earlier.compactMap(\.coverage)))
    }

    @Test("redemption: only owned, active, same vintage, within consumption; final")
    func redemption() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 5_000_000)
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 1), to: "a", allocatedWh: 3_000_000, at: t(2023, 2))
        // Consumption 2.5 MWh: at most 2 whole certificates cover it.
        let (statement, events) = try r.redeem(request("a", consumption: 2_500_000), at: t(2023, 12, 31))
        #expect(statement.volumeWh == 2_000_000)
        #expect(statement.certificates.map(\.firstId) == ["GEC-p-pv-0000000001"])
        #expect(statement.coverage?.hours.map(\.wh) == [2_000_000])
        #expect(events.last?.kind == .redemption)
        // Asking for more than the consumption not yet covered is refused: 0.5 MWh is left, less than a GEC.
        #expect(throws: CertificateError.self) {
            try r.redeem(request("a", consumption: 2_500_000, volume: 1_000_000, earlier: [statement]), at: t(2023, 12, 31))
        }
        // Double redemption and redemption by a non-owner are refused, by id.
        #expect(throws: CertificateError.self) { try r.redeem(firstId: "GEC-p-pv-0000000001", lastId: "GEC-p-pv-0000000001", request("a", consumption: 9_000_000), at: t(2024, 1, 2)) }
        #expect(throws: CertificateError.self) { try r.redeem(firstId: "GEC-p-pv-0000000004", lastId: "GEC-p-pv-0000000004", request("a", consumption: 9_000_000), at: t(2024, 1, 2)) }
        let third = try r.redeem(firstId: "GEC-p-pv-0000000003", lastId: "GEC-p-pv-0000000003", request("a", consumption: 9_000_000), at: t(2024, 1, 2))
        #expect(third.0.volumeWh == 1_000_000)
    }

    @Test("a GEC is traded once: from its generator to a member, never onward; other schemes move freely")
    func gecTradedOnce() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 3_000_000)
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 1), to: "a", allocatedWh: 1_000_000, at: t(2023, 2))
        // a received GEC 1 by allocation: it may redeem it, not pass it on.
        do {
            _ = try r.transfer(firstId: "GEC-p-pv-0000000001", lastId: "GEC-p-pv-0000000001", from: "a", to: "b", at: t(2023, 3))
            Issue.record("a GEC was traded twice")
        } catch let error as CertificateError {
            #expect(error.code == "certificates.gec-traded-once")
        }
        // The generator sells GEC 2 by hand once; b cannot sell it again.
        _ = try r.transfer(firstId: "GEC-p-pv-0000000002", lastId: "GEC-p-pv-0000000002", from: "pv", to: "b", at: t(2023, 3))
        #expect(throws: CertificateError.self) {
            try r.transfer(firstId: "GEC-p-pv-0000000002", lastId: "GEC-p-pv-0000000002", from: "b", to: "a", at: t(2023, 3))
        }
        // Granular certificates move on freely.
        _ = try r.issue(scheme: .granular, device: pv, registeredFrom: registered, country: "CN", region: "east",
                        start: t(2023, 6, 1, 4), end: t(2023, 6, 1, 5), generationWh: 10, at: t(2023, 6, 2), issuer: "test")
        _ = try r.transfer(firstId: "GC-p-pv-0000000001", lastId: "GC-p-pv-0000000010", from: "pv", to: "a", at: t(2023, 6, 2))
        _ = try r.transfer(firstId: "GC-p-pv-0000000001", lastId: "GC-p-pv-0000000010", from: "a", to: "b", at: t(2023, 6, 2))
        #expect(r.ranges.last?.owner == "b")
    }

    @Test("a GEC of a device registered mid-month expires two years after the start of its production month")
    func expiryMidMonth() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try r.issue(scheme: .gec, device: pv, registeredFrom: t(2023, 1, 15), country: "CN", region: "east",
                        start: t(2023, 1, 15), end: t(2023, 2), generationWh: 1_000_000, at: t(2023, 2), issuer: "test")
        // Produced from 15 January 2023: the production month is January, so it expires at the start of January 2025.
        #expect(CertificateRegistry.expiry(of: r.ranges[0]) == t(2025, 1))
    }

    @Test("a GEC expires two years after the start of its production month")
    func expiry() throws {
        var r = CertificateRegistry(parkId: "p")
        _ = try issueMonth(&r, 1, 1_000_000)
        #expect(CertificateRegistry.expiry(of: r.ranges[0]) == t(2025, 1))
        _ = try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 1), to: "a", allocatedWh: 1_000_000, at: t(2023, 2))
        #expect(throws: CertificateError.self) {
            try r.redeem(firstId: "GEC-p-pv-0000000001", lastId: "GEC-p-pv-0000000001", request("a", consumption: 9_000_000), at: t(2025, 1, 1, 1))
        }
    }

    @Test("the events of a registry's history form a verifiable ledger")
    func ledger() throws {
        var r = CertificateRegistry(parkId: "p")
        var events = try issueMonth(&r, 1, 5_000_000)
        events += try r.transferAllocation(scheme: .gec, device: "pv", start: t(2023, 1), to: "a", allocatedWh: 3_000_000, at: t(2023, 2))
        events += try r.redeem(request("a", consumption: 9_000_000), at: t(2023, 12, 31)).1
        let key = OperatorKey()
        var head = LedgerAppender.Head.empty
        let entries = try LedgerAppender(key: key).append(events, at: t(2024, 1), after: &head)
        #expect(try LedgerVerifier.verify(entries, publicKey: OperatorPublicKey(hex: key.publicKeyHex)).blocks == 1)
    }
}

@Suite("Certificate registry: ids and event encoding")
struct CertificateIdTests {
    let pv = Generator(id: "pv-roof", name: "PV", technology: .solarPV, capacityKW: Fixed6(10_000),
                       commissioned: CivilDate(year: 2022, month: 11, day: 1), registered: CivilDate(year: 2022, month: 12, day: 1), meter: "pv1")
    func t(_ d: Int, _ h: Int) -> Timestamp { Timestamp(CivilDate(year: 2023, month: 1, day: d), hour: h) }

    @Test("granular serials beyond ten digits: ids grow, and manual transfer finds them")
    func longSerials() throws {
        var r = CertificateRegistry(parkId: "demo-park")
        // 12,345,678,901 Wh in one hour: serials 1...12345678901 (eleven digits).
        _ = try r.issue(scheme: .granular, device: pv, registeredFrom: t(1, 0), country: "CN", region: "east",
                        start: t(1, 0), end: t(1, 1), generationWh: 12_345_678_901, at: t(2, 0), issuer: "test")
        #expect(r.ranges[0].lastId == "GC-demo-park-pv-roof-12345678901")
        let events = try r.transfer(firstId: "GC-demo-park-pv-roof-10000000000", lastId: "GC-demo-park-pv-roof-12345678901",
                                    from: "pv-roof", to: "a", at: t(2, 0))
        #expect(r.ranges.map(\.owner) == ["pv-roof", "a"])
        #expect(r.ranges[0].lastId == "GC-demo-park-pv-roof-9999999999")
        #expect(events[0].data["split_from"] == .array([.string("GC-demo-park-pv-roof-0000000001"), .string("GC-demo-park-pv-roof-12345678901")]))
        #expect(throws: CertificateError.self) {
            try r.transfer(firstId: "GC-demo-park-pv-roof-1", lastId: "GC-demo-park-pv-roof-12345678902", from: "pv-roof", to: "a", at: t(2, 0))
        }
        #expect(throws: CertificateError.self) {
            try r.transfer(firstId: "GC-demo-park-wind-1", lastId: "GC-demo-park-wind-2", from: "pv-roof", to: "a", at: t(2, 0))
        }
    }

    @Test("events written directly are canonical: re-encoding their data gives the same bytes")
    func directEncoding() throws {
        var r = CertificateRegistry(parkId: "p\"q")
        var events: [LedgerEvent] = []
        for hour in 0..<24 {
            events += try r.issue(scheme: .granular, device: pv, registeredFrom: t(1, 0), country: "CN", region: "east\n",
                                  start: t(1, hour), end: t(1, hour + 1), generationWh: Int64(hour) * 997, at: t(2, 0), issuer: "运营方")
            events += try r.transferAllocation(scheme: .granular, device: "pv-roof", start: t(1, hour), to: "a", allocatedWh: Int64(hour) * 400, at: t(2, 0))
        }
        #expect(events.count == 46) // hour 0 makes nothing
        for event in events {
            #expect(CanonicalJSON.object(event.data).bytes == event.dataBytes)
        }
    }

    @Test("a transfer needs the period's issuance")
    func transferBeforeIssuance() throws {
        var r = CertificateRegistry(parkId: "p")
        #expect(throws: CertificateError.self) {
            try r.transferAllocation(scheme: .gec, device: "pv-roof", start: t(1, 0), to: "a", allocatedWh: 5, at: t(2, 0))
        }
    }
}
