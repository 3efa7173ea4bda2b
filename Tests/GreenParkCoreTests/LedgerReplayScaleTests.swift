import Testing
@testable import GreenParkCore

@Suite("Ledger replay at scale")
struct LedgerReplayScaleTests {
    /// A year of hourly certificates gives one device tens of thousands of segments; each
    /// event used to copy the device's whole list (here 21 s in a debug build; a year of 50 devices: 8 minutes).
    /// Replayed in place it takes well under a second in a release build.
    @Test("a device with 20,000 issuances, each transferred in two parts, replays in linear time")
    func linear() throws {
        var replay = LedgerReplay()
        let clock = ContinuousClock.now
        var sequence: Int64 = 0
        func id(_ serial: Int64) -> CanonicalJSON { .string("GC-p-pv-\(serial)") }
        for hour in Int64(0)..<20_000 {
            // Issuance of 10 certificates, serials 10h+1 ... 10h+10; 6 to a, 4 to b.
            let first = hour * 10 + 1
            try replay.apply(sequence: sequence, kind: .issuance,
                             data: ["first_id": id(first), "last_id": id(first + 9), "owner": .string("operator")])
            try replay.apply(sequence: sequence + 1, kind: .transfer,
                             data: ["first_id": id(first), "last_id": id(first + 5), "from": .string("operator"),
                                    "to": .string("a")])
            try replay.apply(sequence: sequence + 2, kind: .transfer,
                             data: ["first_id": id(first + 6), "last_id": id(first + 9), "from": .string("operator"),
                                    "to": .string("b")])
            sequence += 3
        }
        let seconds = (ContinuousClock.now - clock).components.seconds
        #expect(replay.events == 60_000)
        // Two segments per issuance: 6 at a, 4 at b.
        #expect(replay.segments["GC-p-pv-"]?.count == 40_000)
        #expect(replay.segments["GC-p-pv-"]?.last == LedgerReplay.Segment(first: 199_997, last: 200_000, owner: "b",
                                                                           status: .active))
        #expect(seconds < 8, "replay took \(seconds) s")
    }
}
