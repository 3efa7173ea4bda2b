import Foundation
import GreenParkFormats
import Testing

/// DOMAIN.md 4a's worked example in the signed ledger: with the generators certified hourly,
/// the battery's charge cancels the hour's certificates and its discharge releases new ones in
/// the discharge hour, to the storage owner, which the member that took the discharge redeems.
@Suite("Storage certificates from the command line", .serialized)
struct StorageCertificatesCommandTests {
    /// StorageCommandTests' park (battery owned by M, efficiency 0.9), certified hourly.
    static func park(owner: String = "m", timezone: String? = nil) throws -> URL {
        let dir = try CLI.directory()
        var yaml = StorageCommandTests.parkYAML.replacingOccurrences(of: "owner: m", with: "owner: \(owner)")
            + "certificates:\n  scheme: granular\n"
        if let timezone {
            yaml = yaml.replacingOccurrences(of: "  region: east\n", with: "  region: east\n  timezone: \(timezone)\n")
                .replacingOccurrences(of: "resolution_minutes: 60", with: "resolution_minutes: 30")
        }
        try yaml.write(to: dir.appendingPathComponent("park.yaml"), atomically: true, encoding: .utf8)
        try StorageCommandTests.readings().write(to: dir.appendingPathComponent("r.csv"), atomically: true,
                                                 encoding: .utf8)
        let init_ = try CLI.run(["init", "--park", dir.appendingPathComponent("park.yaml").path])
        #expect(init_.status == 0, "\(init_.stderr)")
        return dir
    }

    static func run(_ dir: URL, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["run", "--park", dir.appendingPathComponent("park.yaml").path,
                     "--readings", dir.appendingPathComponent("r.csv").path,
                     "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-03T00:00:00Z",
                     "--out", dir.appendingPathComponent("out").path, "--redeem"] + extra)
    }

    /// `member`'s evidence pack of June 2023 (the days without readings skipped), and its verification.
    static func packAndVerify(_ dir: URL, member: String) throws -> (zip: URL, verified: CLI.Result) {
        let zip = dir.appendingPathComponent("\(member).zip")
        let pack = try CLI.run(["evidence", "--park", dir.appendingPathComponent("park.yaml").path, "--member", member,
                                "--period", "2023-06", "--gaps", "skip-interval", "--out", zip.path])
        #expect(pack.status == 0, "\(pack.stderr)")
        return (zip, try CLI.run(["evidence", "verify", zip.path, "--public-key",
                                  dir.appendingPathComponent("park.operator.pub").path]))
    }

    static func verify(_ dir: URL) throws -> CLI.Result {
        try CLI.run(["ledger", "verify", "--file", dir.appendingPathComponent("out/ledger.jsonl").path,
                     "--public-key", dir.appendingPathComponent("park.operator.pub").path])
    }

    @Test("charge cancels PV-1's and W-1's certificates; discharge releases 1,800,000 + 900,000 Wh to M")
    func workedExample() throws {
        let dir = try Self.park()
        let result = try Self.run(dir)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // Cancelled: 2,000,000 (PV-1, 10-11) + 1,000,000 (W-1, 11-12); the grid's 500,000 Wh have none.
        // Released: 1,800,000 / 0.9 = 2,000,000 of PV-1's charge -> 1,800,000; then 1,250,000 drawn in
        // 20-21: 1,000,000 of W-1's -> 900,000, 250,000 of the grid's -> none.
        #expect(result.stdout.contains("storage: 3,000,000 granular certificates cancelled for charge records, "
                                           + "2,700,000 released from storage"), "\(result.stdout)")
        let csv = try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map(String.init)
        let pv = "granular,GC-storage-park-pv-1-0000000001,GC-storage-park-pv-1-0002000000,pv-1,"
            + "2023-06-01T10:00:00Z,2023-06-01T11:00:00Z,2000000,pv-1,cancelled:SC-storage-park-bess-2023060110,"
            + "production,,,,"
        let wind = "granular,GC-storage-park-w-1-0000000001,GC-storage-park-w-1-0001000000,w-1,"
            + "2023-06-01T11:00:00Z,2023-06-01T12:00:00Z,1000000,w-1,cancelled:SC-storage-park-bess-2023060111,"
            + "production,,,,"
        let releasedPV = "granular,GC-storage-park-pv-1-0002000001,GC-storage-park-pv-1-0003800000,pv-1,"
            + "2023-06-02T19:00:00Z,2023-06-02T20:00:00Z,1800000,m,redeemed:RS-storage-park-1,"
            + "storage,bess,0.9,2023-06-01T10:00:00Z,2023-06-01T11:00:00Z"
        let releasedWind = "granular,GC-storage-park-w-1-0001000001,GC-storage-park-w-1-0001900000,w-1,"
            + "2023-06-02T20:00:00Z,2023-06-02T21:00:00Z,900000,m,redeemed:RS-storage-park-1,"
            + "storage,bess,0.9,2023-06-01T11:00:00Z,2023-06-01T12:00:00Z"
        for row in [pv, wind, releasedPV, releasedWind] { #expect(rows.contains(row), "\(row)\n\(csv)") }
        #expect(rows.count == 5, "\(csv)")
        let statement = try String(contentsOf: dir.appendingPathComponent("out/statements/RS-storage-park-1.html"),
                                   encoding: .utf8)
        #expect(statement.contains("(released from storage bess, efficiency 0.9, produced 2023-06-01T10:00:00Z)"))
        let ledger = try String(contentsOf: dir.appendingPathComponent("out/ledger.jsonl"), encoding: .utf8)
        #expect(ledger.contains("\"kind\":\"cancellation\""))
        #expect(ledger.contains("\"charge_record\":\"SC-storage-park-bess-2023060110\""))
        let verify = try Self.verify(dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // The replay of the ledger (cancellations backing every release) matches the store.
        let replayed = try CLI.run(["ledger", "verify", "--park", dir.appendingPathComponent("park.yaml").path])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        let status = try CLI.run(["status", "--park", dir.appendingPathComponent("park.yaml").path])
        #expect(status.stdout.contains("3,000,000 cancelled for storage charge"), "\(status.stdout)")
        // Scope 2 (DOMAIN.md 4a: discharged green energy counts in its discharge hour): of M's 2,925,000 Wh,
        // 2,700,000 are green from storage; the 225,000 Wh charged from the grid take the grid factors:
        // location 225 kWh x 0.5500 = 123.750 kg, market 225 x 0.6096 = 137.160 kg (2,700,000 covered by the
        // released certificates, hour by hour); CFE 2,700,000 / 2,925,000.
        let scope2 = try String(contentsOf: dir.appendingPathComponent("out/scope2.csv"), encoding: .utf8)
        #expect(scope2.contains(",2925000,2700000,225000,2700000,123.750,137.160,2700000,123.750,137.160,2700000,"),
                "\(scope2)")
        // members.csv: the 20-21 hour took 1,125,000 Wh from storage, 900,000 of it green; no grid import.
        let members = try String(contentsOf: dir.appendingPathComponent("out/members.csv"), encoding: .utf8)
        #expect(members.hasPrefix("interval_start,member_id,consumption_wh,allocated_wh,grid_import_wh,"
                                      + "from_storage_wh,green_from_storage_wh\n"))
        #expect(members.contains("2023-06-02T20:00:00Z,m,1125000,0,0,1125000,900000\n"), "\(members)")
        // M's evidence pack carries its energy from storage, and its Scope 2 recomputes from it.
        let checked = try Self.packAndVerify(dir, member: "m").verified
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        // Again: every record changed certificates once; nothing new.
        let again = try Self.run(dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains("released from storage"), "\(again.stdout)")
        #expect(try String(contentsOf: dir.appendingPathComponent("out/ledger.jsonl"), encoding: .utf8) == ledger)
    }

    @Test("a battery the park owns: released to the park's account, then moved to M, who took the discharge")
    func parkOwned() throws {
        let dir = try Self.park(owner: "park")
        let result = try Self.run(dir)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        #expect(csv.contains("2023-06-02T19:00:00Z,2023-06-02T20:00:00Z,1800000,m,redeemed:RS-storage-park-1,storage"),
                "\(csv)")
        let ledger = try String(contentsOf: dir.appendingPathComponent("out/ledger.jsonl"), encoding: .utf8)
        #expect(ledger.contains("\"from\":\"park\"") && ledger.contains("\"reason\":\"storage\""))
        let verify = try Self.verify(dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("a park whose clock is half an hour off UTC cannot certify storage hourly: refused, nothing stored")
    func halfHourZone() throws {
        // Half-hour intervals (the zone needs them): the hourly readings are split evenly.
        let dir = try Self.park(timezone: "Asia/Kolkata")
        let result = try Self.run(dir, ["--split", "even"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("in Asia/Kolkata the two differ by a fraction of an hour, so storage charge "
                                           + "and discharge cannot be certified hourly here"), "\(result.stderr)")
        let status = try CLI.run(["status", "--park", dir.appendingPathComponent("park.yaml").path])
        #expect(status.status == 0 && !status.stdout.contains("certificates:"), "\(status.stdout)")
    }

    @Test("a charge reading corrected after its record was certified: noted, the ledger keeps the record")
    func correctedCharge() throws {
        let dir = try Self.park()
        #expect(try Self.run(dir).status == 0)
        let fixed = try StorageCommandTests.readings().replacingOccurrences(
            of: "2023-06-01T10:00:00Z,0,2000,0,2000,0", with: "2023-06-01T10:00:00Z,0,2000,0,1500,0")
        try fixed.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let replaced = try CLI.run(["import", "--park", dir.appendingPathComponent("park.yaml").path,
                                    dir.appendingPathComponent("r.csv").path, "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let again = try Self.run(dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 charge record portion certified before now charge other green Wh"),
                "\(again.stdout)")
        #expect(again.stdout.contains("SC-storage-park-bess-2023060110 from pv-1 (2000000 Wh then, 1500000 Wh now)"))
        #expect(try Self.verify(dir).status == 0)
    }

    /// The released rows of certificates.csv (origin `storage`).
    static func released(_ dir: URL) throws -> [String] {
        try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { $0.contains(",storage,") }.sorted()
    }

    @Test("the discharge day certified before the charge day: nothing released, then all of it once both are")
    func reverseOrder() throws {
        let forward = try Self.park()
        #expect(try Self.run(forward).status == 0)
        let dir = try Self.park()
        let park = dir.appendingPathComponent("park.yaml").path
        func run(_ from: String, _ to: String) throws -> CLI.Result {
            try CLI.run(["run", "--park", park, "--readings", dir.appendingPathComponent("r.csv").path,
                         "--from", from, "--to", to, "--out", dir.appendingPathComponent("out").path, "--redeem"])
        }
        let second = try run("2023-06-02T00:00:00Z", "2023-06-03T00:00:00Z")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("2700000 Wh of green discharge drew on charge whose certificates were not "
                                           + "cancelled"), "\(second.stdout)")
        #expect(try Self.released(dir).isEmpty)
        #expect(try run("2023-06-01T00:00:00Z", "2023-06-02T00:00:00Z").status == 0)
        let again = try run("2023-06-02T00:00:00Z", "2023-06-03T00:00:00Z")
        #expect(again.status == 0 && again.stdout.contains("2,700,000 released from storage"), "\(again.stdout)")
        #expect(try Self.released(dir) == Self.released(forward) && Self.released(dir).count == 2)
        #expect(try CLI.run(["ledger", "verify", "--park", park]).status == 0)
    }

    @Test("a discharge hour in which PV-1 also produces: no pending correction for the released certificates")
    func dischargeWhilePVProduces() throws {
        let dir = try Self.park()
        // 19-20 on the second day: PV-1 gives 100,000 Wh and M takes 1,900,000 Wh.
        let readings = StorageCommandTests.readings().replacingOccurrences(
            of: "2023-06-02T19:00:00Z,1800,0,0,0,1800", with: "2023-06-02T19:00:00Z,1900,100,0,0,1800")
        #expect(readings != StorageCommandTests.readings())
        try readings.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        #expect(try Self.run(dir).status == 0)
        let status = try CLI.run(["status", "--park", dir.appendingPathComponent("park.yaml").path])
        #expect(status.status == 0 && !status.stdout.contains("metered now"), "\(status.stdout)")
    }

    @Test("three members and an M-owned battery: X's evidence pack verifies and holds nothing of M's battery")
    func threeMemberPack() throws {
        let dir = try CLI.directory()
        let yaml = StorageCommandTests.parkYAML.replacingOccurrences(
            of: "    meters: [m1]\n", with: "    meters: [m1]\n  - {id: x, name: X, meters: [x1]}\n"
                + "  - {id: y, name: Y, meters: [y1]}\n") + "certificates:\n  scheme: granular\n"
        try yaml.write(to: dir.appendingPathComponent("park.yaml"), atomically: true, encoding: .utf8)
        // StorageCommandTests' days; in 19-20 of the second day PV-1 also gives 300 kWh and X and Y take 300 kWh
        // each beside M's 1,000: PV and battery (2,100 kWh) cover all 1,600 kWh of load, each member's share
        // split 300 : 1,800 between them, so X gets 300 x 300 / 2,100 = 42.857 kWh from PV, not the
        // 300 x 300 / 1,600 = 56.25 of PV alone shared pro rata: the exact check cannot apply.
        var rows = ["interval_start,m1,x1,y1,pv1,w1,bess-in,bess-out"]
        for line in StorageCommandTests.readings().split(separator: "\n").dropFirst() {
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f[0] == "2023-06-02T19:00:00Z" {
                f = [f[0], "1000", "300", "300", "300", f[3], f[4], f[5]]
            } else {
                f.insert(contentsOf: ["0", "0"], at: 2)
            }
            rows.append(f.joined(separator: ","))
        }
        try (rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("r.csv"), atomically: true,
                                                        encoding: .utf8)
        #expect(try CLI.run(["init", "--park", dir.appendingPathComponent("park.yaml").path]).status == 0)
        let run = try Self.run(dir)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let (zip, checked) = try Self.packAndVerify(dir, member: "x")
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("with storage: bounds checked"), "\(checked.stdout)")
        let files = try EvidencePack.read(zip)
        let ledger = String(decoding: try #require(files[EvidencePack.ledgerEntriesPath]), as: UTF8.self)
        #expect(ledger.contains("\"to\":\"x\""))
        // X took part of M's discharge: the release it holds certificates of is in its pack; M's battery's
        // charge (the cancellations) is not.
        #expect(!ledger.contains("\"kind\":\"cancellation\"") && ledger.contains("\"origin\":\"storage\""),
                "\(ledger)")
        #expect(try CLI.run(["ledger", "verify", "--park", dir.appendingPathComponent("park.yaml").path]).status == 0)
    }

    @Test("the efficiency changed in the park file after the charge was certified: the record keeps 0.9")
    func efficiencyKeptPerRecord() throws {
        let dir = try Self.park()
        let park = dir.appendingPathComponent("park.yaml").path
        func run(_ from: String, _ to: String) throws -> CLI.Result {
            try CLI.run(["run", "--park", park, "--readings", dir.appendingPathComponent("r.csv").path,
                         "--from", from, "--to", to, "--out", dir.appendingPathComponent("out").path, "--redeem"])
        }
        #expect(try run("2023-06-01T00:00:00Z", "2023-06-02T00:00:00Z").status == 0)
        let yaml = try String(contentsOfFile: park, encoding: .utf8)
        let changed = yaml.replacingOccurrences(of: "efficiency: 0.9\n", with: "efficiency: 0.95\n")
        #expect(changed != yaml)
        try changed.write(toFile: park, atomically: true, encoding: .utf8)
        let second = try run("2023-06-02T00:00:00Z", "2023-06-03T00:00:00Z")
        #expect(second.status == 0, "\(second.stderr)")
        // 1,800,000 Wh out still needs 2,000,000 / 0.9 of PV-1's charge: 1,800,000 released, at 0.9; at 0.95 it
        // would draw 1,894,737 and leave some for the wind hour.
        let released = try Self.released(dir)
        #expect(released.count == 2 && released.allSatisfy { $0.contains(",storage,bess,0.9,") }, "\(released)")
        #expect(released.contains { $0.contains(",1800000,m,") } && released.contains { $0.contains(",900000,m,") })
    }

    @Test("simulate replays the past with the efficiency each charge record was certified with")
    func simulateKeepsRecordedEfficiency() throws {
        let dir = try Self.park()
        let park = dir.appendingPathComponent("park.yaml").path
        // 1 June (UTC) certified at 0.9: its charge records keep 0.9.
        let first = try CLI.run(["run", "--park", park, "--readings", dir.appendingPathComponent("r.csv").path,
                                 "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-02T00:00:00Z",
                                 "--out", dir.appendingPathComponent("out").path])
        #expect(first.status == 0, "\(first.stderr)")
        let yaml = try String(contentsOfFile: park, encoding: .utf8)
        try yaml.replacingOccurrences(of: "efficiency: 0.9\n", with: "efficiency: 0.95\n")
            .write(toFile: park, atomically: true, encoding: .utf8)
        let run = try CLI.run(["simulate", "--park", park, "--from", "2023-06-02", "--to", "2023-06-04",
                               "--storage", "100kWh:100kW", "--information", "perfect", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let before = try #require(object["before"] as? [String: Any])
        // M takes 1,800,000 + 1,125,000 = 2,925,000 Wh on 2 June, all from the battery. At the recorded 0.9:
        // 1,800,000 + 900,000 Wh released (green 2,700,000 / 2,925,000 = 0.923077). At the file's 0.95 it
        // would be 1,800,000 + 100,000 (PV-1's rest) + 950,000 = 2,850,000 (0.974359).
        let green = try #require(before["green_share"] as? Double)
        #expect(abs(green - 2_700_000.0 / 2_925_000.0) < 1e-6, "\(before)")
    }

    @Test("a discharge corrected down after it was certified: later draws shift, no loss is certified")
    func correctedDischarge() throws {
        let dir = try Self.park()
        #expect(try Self.run(dir).status == 0)
        // 19-20 discharges 900 kWh instead of 1,800: the 20-21 discharge now draws PV-1's remaining charge.
        let fixed = try StorageCommandTests.readings().replacingOccurrences(
            of: "2023-06-02T19:00:00Z,1800,0,0,0,1800", with: "2023-06-02T19:00:00Z,1800,0,0,0,900")
        #expect(fixed != StorageCommandTests.readings())
        try fixed.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let replaced = try CLI.run(["import", "--park", dir.appendingPathComponent("park.yaml").path,
                                    dir.appendingPathComponent("r.csv").path, "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try Self.run(dir).status == 0)
        // PV-1's 10-11 record cancelled 2,000,000: at 0.9 it backs 1,800,000, all released already.
        let pv = try Self.released(dir).filter { $0.contains(",pv-1,") }
        let total = pv.compactMap { Int($0.split(separator: ",")[6]) }.reduce(0, +)
        #expect(total == 1_800_000, "\(pv)")
        #expect(try CLI.run(["ledger", "verify", "--park", dir.appendingPathComponent("park.yaml").path]).status == 0)
    }
}
