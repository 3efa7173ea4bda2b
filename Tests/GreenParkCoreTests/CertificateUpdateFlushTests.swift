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
}
