import Testing
@testable import GreenParkCore

@Suite("Ledger events flushed from a certificate update")
struct CertificateUpdateFlushTests {
    /// Flushing every 2 events: [transfer, split] would go out alone, leaving the split's
    /// redemption for the next flush, and the party index names a split by the redemption
    /// after it. So the split waits: [transfer], then [split, redemption].
    @Test("a split is never flushed without the redemption that follows it")
    func splitWaits() throws {
        nonisolated(unsafe) var flushed: [[LedgerEntry.Kind]] = []
        var update = CertificateUpdate(registry: CertificateRegistry(parkId: "p"), coverage: { _, _, _ in [] },
                                       flushEvery: 2, flush: { flushed.append($0.map(\.kind)) })
        func event(_ kind: LedgerEntry.Kind) -> LedgerEvent { LedgerEvent(kind: kind, data: [:]) }
        try update.add([event(.transfer), event(.split)])
        #expect(flushed == [[.transfer]])
        try update.add([event(.redemption)])
        #expect(flushed == [[.transfer], [.split, .redemption]])
        // Only splits pending: nothing to flush yet.
        try update.add([event(.split), event(.split)])
        #expect(flushed.count == 2 && update.events.count == 2)
    }

    /// 100 events of 10 bytes stay below `flushEvery` (1,000) but pass a budget of 250 bytes
    /// at the 25th event: all 25 go out then (a trailing split waits for its redemption).
    @Test("events whose data passes the byte budget are flushed whatever their number")
    func byteBudget() throws {
        nonisolated(unsafe) var flushed: [Int] = []
        var update = CertificateUpdate(registry: CertificateRegistry(parkId: "p"), coverage: { _, _, _ in [] },
                                       flushEvery: 1_000, flushBytes: 250, flush: { flushed.append($0.count) })
        func event(_ kind: LedgerEntry.Kind = .transfer) -> LedgerEvent {
            LedgerEvent(kind: kind, dataBytes: Array(repeating: 32, count: 10))
        }
        for _ in 0..<24 { try update.add([event()]) }
        #expect(flushed.isEmpty && update.events.count == 24)
        try update.add([event()])
        #expect(flushed == [25] && update.events.isEmpty)
        // 24 more, then a split: 250 bytes pending, but the split waits for its redemption.
        for _ in 0..<24 { try update.add([event()]) }
        try update.add([event(.split)])
        #expect(flushed == [25, 24] && update.events.map(\.kind) == [.split])
        // 20 bytes pending: they go out with the next 23 events (250 bytes).
        try update.add([event(.redemption)])
        #expect(flushed == [25, 24] && update.events.map(\.kind) == [.split, .redemption])
        for _ in 0..<23 { try update.add([event()]) }
        #expect(flushed == [25, 24, 25] && update.events.isEmpty)
    }

    /// Three members redeem their June granular certificates: recorded one by one through the
    /// update (with a budget small enough to flush after each), the statements and the events
    /// are those of the registry's batch redemption, in the same order.
    @Test("redemptions recorded one by one equal the batch: same statements, same events, same order")
    func streamedRedemption() throws {
        let pv = Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(10_000),
                           commissioned: CivilDate(year: 2022, month: 1, day: 1),
                           registered: CivilDate(year: 2022, month: 1, day: 1), meter: "pv1")
        let start = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
        var registry = CertificateRegistry(parkId: "p")
        for h in 0..<3 {
            let hour = start.adding(seconds: Int64(h) * 3600)
            _ = try registry.issue(scheme: .granular, device: pv, registeredFrom: start, country: "CN", region: "east",
                                   start: hour, end: hour.adding(seconds: 3600), generationWh: 1_000, at: start,
                                   issuer: "test")
            _ = try registry.transferAllocations(scheme: .granular, device: "pv", start: hour,
                                                 allocations: [("a", 300), ("b", 200), ("c", 0)], at: start)
        }
        let requests = ["a", "b", "c"].map { member in
            RedemptionRequest(beneficiary: member, location: "P", periodStart: start,
                              periodEnd: start.adding(seconds: 3 * 3600), periodLabel: "June", purpose: "Scope 2",
                              scheme: .granular,
                              room: ClaimRoom(firstHour: start, consumption: [250, 250, 250], earlier: []))
        }
        var batch = registry
        let results = batch.redeem(each: requests, at: start)
        let expected = results.compactMap { try? $0.get() }
        #expect(expected.count == 2)    // c holds nothing
        nonisolated(unsafe) var flushed: [LedgerEvent] = []
        var update = CertificateUpdate(registry: registry, coverage: { _, _, _ in [] }, flushEvery: 1_000,
                                       flushBytes: 1, flush: { flushed += $0 })
        var refusals: [String] = []
        try update.redeem(each: requests, at: start) { refusals.append($0.code) }
        #expect(refusals == ["certificates.nothing-to-redeem"])
        #expect(update.statements == expected.map { $0.0 })
        #expect(flushed + update.events == expected.flatMap { $0.1 })
        #expect(update.registry == batch)
    }
}
