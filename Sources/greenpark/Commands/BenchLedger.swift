import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkStore

/// `greenpark bench ledger`: append and verify throughput of the certificate ledger.
struct BenchLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Time appending (hashed, sealed, signed, stored) and verifying ledger entries; prints JSON.",
        discussion: """
            Appends --entries issuance entries shaped like hourly granular certificates of a
            park with --devices devices (as a year of hourly certificates for 50 devices is
            438,000 entries) to a fresh SQLite store in one batch (sealed every 4,096 entries),
            then reads the whole ledger back and verifies every hash, link and signature.
            """
    )

    @Option(help: "Entries to append.") var entries: Int = 438_000
    @Option(help: "Devices the entries are spread over.") var devices: Int = 50
    @Option(help: "Directory for the store (default: a temporary one, removed afterwards).") var directory: String?

    func run() throws {
        try Terminal.run {
            let entries = self.entries, devices = self.devices
            let manager = FileManager.default
            let dir = directory ?? NSTemporaryDirectory() + "greenpark-bench-ledger-\(getpid())"
            try manager.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { if directory == nil { try? manager.removeItem(atPath: dir) } }
            let path = dir + "/ledger.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
            let store = SQLiteCertificateStore(database: try SQLiteDatabase(path: path))
            let start = Timestamp(CivilDate(year: 2023, month: 1, day: 1)).seconds
            let key = OperatorKey()
            // The append phase in its own scope: its arrays are freed before verification.
            let (count, appendSeconds, chainSeconds): (Int, Double, Double) = try {
                var items: [(kind: LedgerEntry.Kind, data: [String: CanonicalJSON])] = []
                items.reserveCapacity(entries)
                for k in 0..<entries {
                    let device = k % devices, hour = Int64(k / devices)
                    let from = Timestamp(seconds: start + hour * 3600)
                    items.append((kind: .issuance, data: [
                        "scheme": .string("granular"), "device": .string("pv-\(device)"),
                        "first_id": .integer(hour * 10_000_000 + 1), "last_id": .integer(hour * 10_000_000 + 4_200_000),
                        "production_start": .string(from.iso8601), "production_end": .string(from.adding(seconds: 3600).iso8601),
                        "volume_wh": .integer(4_200_000), "owner": .string("pv-\(device)"),
                    ]))
                }
                // Timed: encoding the events' data (both cores), chaining, hashing, signing, storing.
                var clock = ContinuousClock.now
                let events = LedgerEvent.encode(items)
                var head = try store.ledgerHead()
                let appended = try LedgerAppender(key: key).append(events, at: Timestamp.now(), after: &head)
                let chainSeconds = (ContinuousClock.now - clock).seconds
                try store.appendLedger(appended)
                let appendSeconds = (ContinuousClock.now - clock).seconds
                return (appended.count, appendSeconds, chainSeconds)
            }()
            var clock = ContinuousClock.now
            let verifier = try store.verifyLedger(publicKey: OperatorPublicKey(hex: key.publicKeyHex))
            let verifySeconds = (ContinuousClock.now - clock).seconds
            let result: [String: Any] = [
                "entries": count, "blocks": verifier.blocks,
                "append_seconds": appendSeconds, "encode_hash_and_sign_seconds": chainSeconds, "append_entries_per_second": Double(count) / appendSeconds,
                "verify_seconds": verifySeconds, "verify_entries_per_second": Double(count) / verifySeconds,
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
