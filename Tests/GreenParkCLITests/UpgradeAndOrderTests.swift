import Foundation
import Testing

/// A store written by an earlier GreenPark, and the order in which `run` can still refuse.
@Suite("Stores from before coverage and baselines; what run refuses before anything is final", .serialized)
struct UpgradeAndOrderTests {
    static let hour = IntegrityTests.hour

    /// Makes the store look as an earlier GreenPark left it: no hour coverage, no metered or
    /// allocated figures on issuances, no recorded key.
    func downgrade(_ park: IntegrityTests.Park) throws {
        let sql = """
            DROP TRIGGER claim_coverage_no_delete; DELETE FROM claim_coverage;
            UPDATE certificate_issue SET metered_wh = NULL, transferred_to = 'a' || char(10) || 'b';
            """
        _ = try CLI.shell("sqlite3 \(park.dir.appendingPathComponent("park.sqlite").path) \"\(sql)\"")
    }

    @Test("an old store: its statements get their hours back before a new claim, its issuances their baseline before a correction")
    func oldStore() throws {
        let park = try IntegrityTests.Park()
        let out = park.dir.appendingPathComponent("out").path
        #expect(try park.run(["run"], ["--readings", IntegrityTests.readings, "--redeem", "--out", out] + Self.hour).status == 0)
        try downgrade(park)
        Thread.sleep(forTimeInterval: 1.1) // the correction is imported after the issuance
        var fix = "meter_id,interval_start,energy_wh\n"
        for minute in ["00", "15", "30", "45"] { fix += "w1,2023-06-01T00:\(minute):00Z,100\n" }
        #expect(try park.run(["import"], [try park.file("fix.csv", fix), "--replace"]).status == 0)
        // A claim on the hour b's old statement covered: only the consumption left (5,002 - 3,001) fits.
        #expect(try park.run(["certificates", "transfer"], ["--first-id", "GC-small-park-pv-0000003752",
                                                            "--last-id", "GC-small-park-pv-0000006001", "--from-owner", "pv", "--to", "b"]).status == 0)
        let claim = try park.run(["certificates", "redeem"], ["--member", "b", "--out", park.dir.appendingPathComponent("s").path] + Self.hour)
        #expect(claim.status == 0 && claim.stdout.contains("redeemed 2001 Wh"), "\(claim.stdout)\(claim.stderr)")
        // The wind hour was issued for 3,001 Wh, as the old store's readings then said: the correction to 400 is found.
        let rerun = try park.run(["run"], ["--out", out] + Self.hour)
        #expect(rerun.stdout.contains("metered 3001 -> 400 Wh"), "\(rerun.stdout)")
        #expect(try park.run(["ledger", "verify"]).status == 0)
    }

    @Test("a park file mistake found late (an unknown tariff) refuses run before any certificate, claim or allocation is stored")
    func refusedBeforeFinal() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) { $0 + """
            settlement:
              tariff: no-such-tariff
              ppa:
                - {generator: pv, price_fen_per_kwh: 35}
                - {generator: wind, price_fen_per_kwh: 30}
              export_price_fen_per_kwh: 20
              vat_rate: 0.13

            """ }
        let run = try CLI.run(["run", "--park", park, "--readings", IntegrityTests.readings, "--redeem",
                               "--out", dir.appendingPathComponent("out").path] + Self.hour)
        #expect(run.status == 2, "\(run.stdout)")
        #expect(try CLI.run(["certificates", "list", "--park", park]).stdout.split(separator: "\n").count == 1)
        let stored = try CLI.shell("sqlite3 \(dir.appendingPathComponent("park.sqlite").path) "
            + "'SELECT COUNT(*) FROM allocation_run; SELECT COUNT(*) FROM redemption_statement; SELECT COUNT(*) FROM ledger_entry'")
        #expect(stored == "0\n0\n0\n", "\(stored)")
    }

    @Test("init makes one key per store: a second is refused, and the key is recorded before the first seal")
    func oneKeyPerStore() throws {
        let (dir, park) = try CLI.parkDirectory()
        #expect(try CLI.run(["init", "--park", park.path]).status == 0)
        let second = try CLI.run(["init", "--park", park.path, "--operator-key", dir.appendingPathComponent("other.key").path])
        #expect(second.status == 2 && second.stderr.contains("already has the operator key"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("other.key").path))
    }

    @Test("a zone whose offset is not a whole number of intervals is refused with the field")
    func zoneOffGrid() throws {
        let dir = try CLI.directory()
        let kolkata = try EvidenceEdgeTests().park(dir, initialise: false) {
            $0.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Asia/Kolkata")
                .replacingOccurrences(of: "resolution_minutes: 15", with: "resolution_minutes: 60")
        }
        let check = try CLI.run(["park", "check", kolkata])
        #expect(check.status == 2 && check.stderr.contains("Asia/Kolkata is UTC+05:30") && check.stderr.contains("resolution_minutes"),
                "\(check.stderr)")
        let kathmandu = try EvidenceEdgeTests().park(dir, initialise: false) {
            $0.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Asia/Kathmandu")
        }
        #expect(try CLI.run(["park", "check", kathmandu]).status == 0)
    }

    @Test("a correction after redemption flags the statement where members and auditors look")
    func flaggedStatement() throws {
        let park = try IntegrityTests.Park()
        let out = park.dir.appendingPathComponent("out").path
        #expect(try park.run(["run"], ["--readings", IntegrityTests.readings, "--redeem", "--out", out] + Self.hour).status == 0)
        var fix = "meter_id,interval_start,energy_wh\n"
        for minute in ["00", "15", "30", "45"] { fix += "w1,2023-06-01T00:\(minute):00Z,100\n" }
        #expect(try park.run(["import"], [try park.file("fix.csv", fix), "--replace"]).status == 0)
        let rerun = try park.run(["run"], ["--out", out] + Self.hour)
        #expect(rerun.stdout.contains("statements flagged: RS-small-park-1, RS-small-park-2"), "\(rerun.stdout)")
        let statement = try String(contentsOf: park.dir.appendingPathComponent("out/statements/RS-small-park-1.json"), encoding: .utf8)
        #expect(statement.contains("\"flagged_by_corrections\": [\"C-small-park-2\"]"), "\(statement)")
        let quality = try String(contentsOf: park.dir.appendingPathComponent("out/scope2-quality.csv"), encoding: .utf8)
        #expect(quality.contains(",2,unique claim,fail,") && quality.contains("flagged by correction"), "\(quality)")
        // status also sees revisions of members' meters that a run has not compared yet.
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try park.run(["import"], [try park.file("a.csv", "meter_id,interval_start,energy_wh\na1,2023-06-01T00:00:00Z,900\n"),
                                          "--replace"]).status == 0)
        #expect(try park.run(["status"]).stdout.contains("readings revised since issuance in 2 issued periods"))
        #expect(try park.run(["run"], ["--out", out] + Self.hour).status == 0)
        #expect(!(try park.run(["status"]).stdout.contains("readings revised since issuance")))
        // Corrections are final in the store.
        let edited = try CLI.shell("sqlite3 \(park.dir.appendingPathComponent("park.sqlite").path) \"UPDATE certificate_correction SET issued = 9\"")
        #expect(edited.contains("a correction is final"), "\(edited)")
    }
}
