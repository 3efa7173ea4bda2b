@testable import GreenParkCore
import Testing

/// The registry's storage rules (DOMAIN.md 4a) one at a time, on DOMAIN.md's worked example:
/// PV-1 charges 2,000,000 Wh in 10-11 at efficiency 0.9 and the battery gives back 1,800,000
/// in 19-20.
@Suite("Storage certificates: the registry's rules")
struct StorageCertificateTests {
    static let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
    static func hour(_ h: Int64) -> Timestamp { day.adding(seconds: h * 3600) }
    static let pv = Generator(id: "pv-1", name: "PV-1", technology: .solarPV, capacityKW: Fixed6(5000),
                              commissioned: CivilDate(year: 2022, month: 1, day: 1),
                              registered: CivilDate(year: 2022, month: 1, day: 1), meter: "pv1")
    static let efficiency = Fixed6(parsing: "0.9")!

    /// PV-1's 10-11 certified hourly (2,000,000 Wh, nothing allocated), the charge and the
    /// discharge records of the example.
    static func example(certified: Bool = true) throws
        -> (CertificateRegistry, StorageChargeRecord, StorageDischargeRecord) {
        var registry = CertificateRegistry(parkId: "p")
        if certified {
            _ = try registry.issue(scheme: .granular, device: pv, registeredFrom: hour(0), country: "CN",
                                   region: "east", start: hour(10), end: hour(11), generationWh: 2_000_000,
                                   at: hour(30), issuer: "test")
        }
        let charge = StorageChargeRecord(device: 0, hour: hour(10), efficiency: efficiency,
                                         greenByGenerator: [2_000_000], gridWh: 0)
        var queue = StorageQueue(device: 0)
        try queue.charge(charge)
        return (registry, charge, try queue.discharge(hour: hour(19), wh: 1_800_000))
    }

    @Test("charge cancels 2,000,000 of PV-1's certificates; discharge releases 1,800,000 to M in 19-20")
    func example() throws {
        var (registry, charge, discharge) = try Self.example()
        let cancel = registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv-1"],
                                               certified: ["pv-1"])
        #expect(cancel.cancelled == 2_000_000 && cancel.uncertifiedWh == 0)
        let release = try registry.releaseFromStorage(
            discharge, device: "bess", owner: "park", generators: ["pv-1"], recipients: [("m", 1_800_000)],
            gridWh: 0, at: Self.hour(30), issuer: "test")
        #expect(release.released == 1_800_000)
        let released = registry.ranges.filter { $0.origin == "storage" }
        #expect(released.count == 1)
        let r = released[0]
        #expect(r.owner == "m" && r.count == 1_800_000 && r.productionStart == Self.hour(19))
        #expect(r.issue.storage == StorageRelease(
            storageDevice: "bess", efficiency: Self.efficiency, producedStart: Self.hour(10),
            producedEnd: Self.hour(11), chargeRecord: "SC-p-bess-2023060110", dischargeRecord: "SD-p-bess-2023060119"))
        #expect(r.firstId == "GC-p-pv-1-0002000001" && r.technology == "solar-pv")
        // The cancelled certificates are final: neither transferred nor redeemed.
        #expect(throws: CertificateError.self) {
            try registry.transfer(firstId: "GC-p-pv-1-0000000001", lastId: "GC-p-pv-1-0000000010", from: "pv-1",
                                  to: "m", at: Self.hour(30))
        }
        // Each record changes certificates once: again, nothing is cancelled or released.
        #expect(registry.isChargeRecorded("SC-p-bess-2023060110"))
        #expect(registry.recordedEfficiency("SC-p-bess-2023060110") == Self.efficiency)
        let twice = registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv-1"],
                                              certified: ["pv-1"])
        #expect(twice.cancelled == 0 && twice.events.isEmpty && twice.changed.isEmpty)
        let again = try registry.releaseFromStorage(discharge, device: "bess", owner: "park", generators: ["pv-1"],
                                                    recipients: [("m", 1_800_000)], gridWh: 0, at: Self.hour(30),
                                                    issuer: "test")
        #expect(again.released == 0 && again.events.isEmpty && again.withheldWh == 0)
    }

    @Test("charge of an hour not certified hourly cancels nothing, and its discharge releases nothing")
    func uncertifiedCharge() throws {
        for certified in [Set<String>(), ["pv-1"]] {
            var (registry, charge, discharge) = try Self.example(certified: !certified.isEmpty)
            // Certified, but as another scheme's generator, or not certified at all: nothing to cancel.
            let none = registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv-1"],
                                                 certified: certified.isEmpty ? ["pv-1"] : [])
            #expect(none.cancelled == 0 && none.uncertifiedWh == 2_000_000)
            let release = try registry.releaseFromStorage(
                discharge, device: "bess", owner: "park", generators: ["pv-1"], recipients: [("m", 1_800_000)],
                gridWh: 0, at: Self.hour(30), issuer: "test")
            #expect(release.released == 0 && release.events.isEmpty && release.withheldWh == 1_800_000)
        }
    }

    @Test("a partly cancelled charge releases its share of the output: no losses certified")
    func partlyCancelled() throws {
        var (registry, charge, discharge) = try Self.example()
        // 1,500,000 of PV-1's 2,000,000 certificates went to a member first: 500,000 left to cancel.
        _ = try registry.transferAllocation(scheme: .granular, device: "pv-1", start: Self.hour(10), to: "x",
                                            allocatedWh: 1_500_000, at: Self.hour(30))
        let cancel = registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv-1"],
                                               certified: ["pv-1"])
        #expect(cancel.cancelled == 500_000 && cancel.uncertifiedWh == 1_500_000)
        // A quarter of the charge is certified: a quarter of its 1,800,000 Wh of output, 450,000 (not the
        // 500,000 cancelled: the losses of the certified quarter get none either).
        let release = try registry.releaseFromStorage(
            discharge, device: "bess", owner: "park", generators: ["pv-1"], recipients: [("m", 1_800_000)],
            gridWh: 0, at: Self.hour(30), issuer: "test")
        #expect(release.released == 450_000 && release.withheldWh == 1_350_000)
    }

    @Test("the stored text of a release reads back; anything else is refused")
    func storedText() {
        let release = StorageRelease(storageDevice: "bess", efficiency: Self.efficiency, producedStart: Self.hour(10),
                                     producedEnd: Self.hour(11), chargeRecord: "SC-p-bess-2023060110",
                                     dischargeRecord: "SD-p-bess-2023060119")
        #expect(StorageRelease(storedText: release.storedText) == release)
        #expect(StorageRelease(storedText: "bess\t900000\t1") == nil)
    }

    @Test("the ledger replay refuses a release from storage that no cancellation backs")
    func replayRefusesUnbackedRelease() throws {
        var (registry, charge, discharge) = try Self.example()
        var events = registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv-1"],
                                               certified: ["pv-1"]).events
        events += try registry.releaseFromStorage(discharge, device: "bess", owner: "park", generators: ["pv-1"],
                                                  recipients: [], gridWh: 1, at: Self.hour(30), issuer: "test").events
        let issuance = try #require(registry.issues.first).issue
        func replay(_ events: [LedgerEvent]) throws {
            var replay = LedgerReplay()
            let all = [CertificateRegistry.issuanceEvent(issuance, owner: "pv-1")] + events
            for (k, event) in all.enumerated() { try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data) }
        }
        try replay(events)
        // The same release without the cancellations before it.
        #expect(throws: LedgerBroken.self) { try replay(events.filter { $0.kind != .cancellation }) }
    }
}
