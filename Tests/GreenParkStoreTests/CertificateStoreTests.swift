import Foundation
import GRDB
import GreenParkCore
@testable import GreenParkStore
import Testing

@Suite("SQLite certificate store")
struct CertificateStoreTests {
    let pv = Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(10_000),
                       commissioned: CivilDate(year: 2022, month: 11, day: 1), registered: CivilDate(year: 2022, month: 12, day: 1), meter: "pv1")
    func t(_ m: Int) -> Timestamp { Timestamp(CivilDate(year: 2023, month: m, day: 1)) }

    func store() throws -> SQLiteCertificateStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-certificates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return SQLiteCertificateStore(database: try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path))
    }

    func commit(_ store: SQLiteCertificateStore, _ registry: inout CertificateRegistry, _ events: [LedgerEvent], _ key: OperatorKey,
                statements: [RedemptionStatement] = []) throws {
        var head = try store.ledgerHead()
        let entries = try LedgerAppender(key: key).append(events, at: t(12), after: &head)
        try store.commit(&registry, statements: statements, ledger: entries)
    }

    @Test("cancelled certificates and certificates released from storage reload exactly")
    func storageCertificates() throws {
        let store = try store(), key = OperatorKey()
        var registry = try store.loadRegistry(parkId: "p")
        let hour = Timestamp(CivilDate(year: 2023, month: 6, day: 1)).adding(seconds: 10 * 3600)
        var events = try registry.issue(scheme: .granular, device: pv, registeredFrom: t(1), country: "CN",
                                        region: "east", start: hour, end: hour.adding(seconds: 3600),
                                        generationWh: 2_000, at: t(7), issuer: "test")
        let charge = StorageChargeRecord(device: 0, hour: hour, efficiency: Fixed6(parsing: "0.9")!,
                                         greenByGenerator: [2_000], gridWh: 0)
        var queue = StorageQueue(device: 0)
        try queue.charge(charge)
        let discharge = try queue.discharge(hour: hour.adding(seconds: 9 * 3600), wh: 1_800)
        events += registry.cancelForStorage(charge, device: "bess", owner: "park", generators: ["pv"],
                                            certified: ["pv"]).events
        events += try registry.releaseFromStorage(discharge, device: "bess", owner: "park", generators: ["pv"],
                                                  recipients: [("m", 1_000)], gridWh: 800, at: t(7),
                                                  issuer: "test").events
        try commit(store, &registry, events, key)
        let loaded = try store.loadRegistry(parkId: "p")
        #expect(loaded == registry)
        #expect(loaded.isChargeRecorded("SC-p-bess-2023060110"))
        #expect(loaded.recordedEfficiency("SC-p-bess-2023060110") == Fixed6(parsing: "0.9"))
        #expect(try store.storageEfficiencies(parkId: "p") == ["SC-p-bess-2023060110": Fixed6(parsing: "0.9")!])
        #expect(loaded.ranges.map(\.status).contains(.cancelled(storageRecord: "SC-p-bess-2023060110")))
        // 1,800 released, shared 1,000 : 800 between M and the grid (which leaves the park's share with it).
        #expect(loaded.ranges.filter { $0.origin == "storage" }.map { "\($0.owner) \($0.count)" } == ["m 1000", "park 800"])
    }

    @Test("the registry reloads exactly after several commits; only changed issuances are written")
    func incrementalCommits() throws {
        let store = try store(), key = OperatorKey()
        var registry = try store.loadRegistry(parkId: "p")
        // Jan 2.6 MWh -> 2 GEC (0.6 carried); Feb 0.3 + 0.6 = 0.9 -> none, still a certified period.
        var events = try registry.issue(scheme: .gec, device: pv, registeredFrom: t(1), country: "CN", region: "east",
                                        start: t(1), end: t(2), generationWh: 2_600_000, at: t(2), issuer: "test")
        events += try registry.issue(scheme: .gec, device: pv, registeredFrom: t(1), country: "CN", region: "east",
                                     start: t(2), end: t(3), generationWh: 300_000, at: t(3), issuer: "test")
        #expect(registry.changed == [0, 1])
        try commit(store, &registry, events, key)
        #expect(registry.changed.isEmpty)
        var loaded = try store.loadRegistry(parkId: "p")
        #expect(loaded == registry)
        #expect(loaded.isIssued(.gec, device: "pv", start: t(2)))

        // A transfer changes issuance 0 only; the reload sees it, and issuance 1 is untouched.
        events = try loaded.transferAllocation(scheme: .gec, device: "pv", start: t(1), to: "a", allocatedWh: 1_500_000, at: t(3))
        #expect(loaded.changed == [0])
        try commit(store, &loaded, events, key)
        let again = try store.loadRegistry(parkId: "p")
        #expect(again == loaded)
        #expect(again.ranges.map { "\($0.owner):\($0.firstSerial)-\($0.lastSerial)" } == ["a:1-1", "pv:2-2"])
        #expect(again.transferCarry["gec|a|pv"] == 500_000)
        #expect(again.isTransferred(.gec, device: "pv", start: t(1), member: "a"))
        // Nothing is issued twice, even after a reload.
        var retry = again
        #expect(throws: CertificateError.self) {
            try retry.issue(scheme: .gec, device: pv, registeredFrom: t(1), country: "CN", region: "east",
                            start: t(2), end: t(3), generationWh: 300_000, at: t(3), issuer: "test")
        }
        #expect(try store.verifyLedger(publicKey: OperatorPublicKey(hex: key.publicKeyHex)).blocks == 2)
    }

    @Test("redemption statements read back with their certificates")
    func statements() throws {
        let store = try store(), key = OperatorKey()
        var registry = try store.loadRegistry(parkId: "p")
        var events = try registry.issue(scheme: .gec, device: pv, registeredFrom: t(1), country: "CN", region: "east",
                                        start: t(1), end: t(2), generationWh: 3_000_000, at: t(2), issuer: "test")
        events += try registry.transferAllocation(scheme: .gec, device: "pv", start: t(1), to: "a", allocatedWh: 3_000_000, at: t(2))
        let room = ClaimRoom(firstHour: t(1), consumption: [5_000_000] + Array(repeating: 0, count: 8015), earlier: [])
        let request = RedemptionRequest(beneficiary: "a", location: "Hangzhou", periodStart: t(1), periodEnd: t(12), periodLabel: "2023",
                                        purpose: "Scope 2", scheme: .gec, volumeWh: 2_000_000, room: room)
        let (statement, redeemed) = try registry.redeem(request, at: t(3))
        try commit(store, &registry, events + redeemed, key, statements: [statement])
        let stored = try store.redemptionStatements(parkId: "p")
        #expect(stored.count == 1)
        #expect(stored[0].volumeWh == 2_000_000)
        #expect(stored[0].certificates.map(\.firstId) == ["GEC-p-pv-0000000001"])
        #expect(stored[0].certificates.map(\.lastId) == ["GEC-p-pv-0000000002"])
        #expect(stored[0].certificates[0].productionStart == t(1))
        #expect(stored[0].coverage == statement.coverage && statement.coverage?.totalWh == 2_000_000)
    }

    @Test("a period's redeemed volumes are read from its issuances, not from every redeemed range")
    func redeemedVolumesPlan() throws {
        let store = try store()
        let plan = try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteCertificateStore.redeemedVolumesSQL,
                             arguments: [0, 1]).map { $0["detail"] as String }
        }
        // Led by the index of redeemed ranges (v8), a month of a 300-member park-year took 13 s.
        #expect(plan.first?.hasPrefix("SCAN i") == true, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH r USING PRIMARY KEY (issue=?)") }, "\(plan)")
    }

    @Test("the ledger head continues block numbers from the last seal")
    func ledgerHead() throws {
        let store = try store(), key = OperatorKey()
        var registry = try store.loadRegistry(parkId: "p")
        for month in 1...3 {
            let events = try registry.issue(scheme: .gec, device: pv, registeredFrom: t(1), country: "CN", region: "east",
                                            start: t(month), end: t(month + 1), generationWh: 1_000_000, at: t(month + 1), issuer: "test")
            try commit(store, &registry, events, key)
        }
        let head = try store.ledgerHead()
        #expect(head.nextSequence == 6 && head.nextBlock == 3)
        #expect(try store.verifyLedger(publicKey: OperatorPublicKey(hex: key.publicKeyHex)).blocks == 3)
    }
}
