import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkStore

/// `greenpark bench certificates`: a year of hourly granular certificates for a park.
struct BenchCertificates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "Time issuing, transferring and verifying a year of hourly granular certificates; prints JSON.",
        discussion: """
            --devices generators x --hours hours of production are issued as granular
            certificates (one bundle per device and hour: 50 x 8,760 = 438,000), each bundle is
            transferred to --members members per a pro-rata split, everything is appended to the
            signed ledger and stored in SQLite in one transaction, then the ledger is verified.
            """
    )

    @Option(help: "Generators.") var devices: Int = 50
    @Option(help: "Hours.") var hours: Int = 8760
    @Option(help: "Members receiving certificates.") var members: Int = 3
    @Option(help: "Keep the store at this path (new file) instead of a temporary one, to inspect it.") var database: String?

    func validate() throws {
        if let path = database, FileManager.default.fileExists(atPath: path) { throw ValidationError("\(path) exists; give a new path") }
    }

    func run() throws {
        try Terminal.run {
            let devices = self.devices, hours = self.hours, members = self.members
            let dir = NSTemporaryDirectory() + "greenpark-bench-certificates-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = SQLiteCertificateStore(database: try SQLiteDatabase(path: database ?? dir + "/bench.sqlite"))
            let start = Timestamp(CivilDate(year: 2023, month: 1, day: 1)).seconds
            let generators = (0..<devices).map { d in
                Generator(id: "pv-\(d)", name: "PV \(d)", technology: .solarPV, capacityKW: Fixed6(5000),
                          commissioned: CivilDate(year: 2022, month: 1, day: 1), registered: CivilDate(year: 2022, month: 1, day: 1), meter: "m\(d)")
            }
            var registry = CertificateRegistry(parkId: "bench")
            var events: [LedgerEvent] = []
            var random = SplitMix64(seed: 7)
            let clock = ContinuousClock.now
            for h in 0..<hours {
                let from = Timestamp(seconds: start + Int64(h) * 3600), to = from.adding(seconds: 3600)
                for g in generators {
                    let wh = Int64(random.nextDouble() * 5_000_000)
                    events += try registry.issue(scheme: .granular, device: g, registeredFrom: Timestamp(seconds: 0), country: "CN", region: "east",
                                                 start: from, end: to, generationWh: wh, at: to, issuer: "bench")
                    for m in 0..<members {
                        events += try registry.transferAllocation(scheme: .granular, device: g.id, start: from, to: "member-\(m)",
                                                                  allocatedWh: wh / Int64(members + 1), at: to)
                    }
                }
            }
            let registrySeconds = (ContinuousClock.now - clock).seconds
            let key = OperatorKey()
            var head = try store.ledgerHead()
            let appendClock = ContinuousClock.now
            let entries = try LedgerAppender(key: key).append(events, at: Timestamp.now(), after: &head)
            let appendSeconds = (ContinuousClock.now - appendClock).seconds
            let storeClock = ContinuousClock.now
            try store.commit(&registry, statements: [], ledger: entries)
            let storeSeconds = (ContinuousClock.now - storeClock).seconds
            let issueTransferSeconds = (ContinuousClock.now - clock).seconds
            let verifyClock = ContinuousClock.now
            let verifier = try store.verifyLedger(publicKey: OperatorPublicKey(hex: key.publicKeyHex))
            let verifySeconds = (ContinuousClock.now - verifyClock).seconds
            let result: [String: Any] = [
                "bundles_issued": devices * hours, "ranges": registry.rangeCount, "ledger_entries": verifier.entries,
                "registry_seconds": registrySeconds, "append_seconds": appendSeconds, "store_seconds": storeSeconds, "issue_transfer_store_seconds": issueTransferSeconds, "verify_seconds": verifySeconds,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}
