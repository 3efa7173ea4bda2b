import Foundation
import Testing

/// Where commands meet (issue 10): claims across periods, concurrent commands, corrections
/// after issuance, keys, output before finality, gaps. Each test reproduces what went wrong.
@Suite("Integrity where commands meet", .serialized)
struct IntegrityTests {
    /// The small park (granular certificates) with its own store and key in a new directory.
    struct Park {
        let dir: URL
        var common: [String] {
            ["--park", RunCommandTests.fixture.appendingPathComponent("park.yaml").path,
             "--database", dir.appendingPathComponent("park.sqlite").path,
             "--operator-key", dir.appendingPathComponent("operator.key").path]
        }

        init() throws {
            dir = try CLI.directory()
            try RunCommandTests.initialise(dir)
        }

        func run(_ command: [String], _ extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Result {
            try CLI.run(command + common + extra, environment: environment)
        }

        /// `readings` (CSV text) written to a file of the directory.
        func file(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        /// Every member and generator meter of the small park, each quarter hour of `days` days from
        /// 2023-06-01: a1 1,000 Wh, b1 2,000, pv1 1,500, w1 800.
        func days(_ days: Int) throws -> String {
            var csv = "meter_id,interval_start,energy_wh\n"
            let start = 1_685_577_600 // 2023-06-01T00:00:00Z
            for q in 0..<(days * 96) {
                let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(start + q * 900)))
                for (meter, wh) in [("a1", 1000), ("b1", 2000), ("pv1", 1500), ("w1", 800)] { csv += "\(meter),\(time),\(wh)\n" }
            }
            return try file("days.csv", csv)
        }

        func statementVolumes(_ member: String) throws -> Int64 {
            let directory = dir.appendingPathComponent("all-statements")
            _ = try run(["certificates", "statements"], ["--out", directory.path])
            var total: Int64 = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name))) as? [String: Any]
                if object?["beneficiary"] as? String == member { total += (object?["volume_wh"] as? NSNumber)?.int64Value ?? 0 }
            }
            return total
        }
    }

    static let hour = ["--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z"]
    static let readings = RunCommandTests.fixture.appendingPathComponent("readings.csv").path

    @Test("a member's consumption is never covered twice, whatever the reporting periods")
    func noDoubleClaim() throws {
        let park = try Park()
        // run --redeem for the whole day: b's 3,001 certificates of hour 0 cover 3,001 of its 5,002 Wh.
        let run = try park.run(["run"], ["--readings", Self.readings, "--from", "2023-06-01", "--to", "2023-06-02",
                                          "--gaps", "skip-interval", "--redeem", "--out", park.dir.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stderr)")
        // The operator gives b pv's 2,250 surplus certificates of that hour (pv made 6,001, members got 3,751).
        let moved = try park.run(["certificates", "transfer"], ["--first-id", "GC-small-park-pv-0000003752",
                                                                "--last-id", "GC-small-park-pv-0000006001", "--from-owner", "pv", "--to", "b"])
        #expect(moved.status == 0, "\(moved.stderr)")
        // A redemption for just that hour covers only what is left: 5,002 - 3,001 = 2,001 Wh.
        let out = park.dir.appendingPathComponent("s").path
        let second = try park.run(["certificates", "redeem"], ["--member", "b", "--out", out] + Self.hour)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("redeemed 2001 Wh"), "\(second.stdout)")
        #expect(try park.statementVolumes("b") == 5002)
        // A third claim on the hour is refused: nothing of b's consumption there is left uncovered.
        let third = try park.run(["certificates", "redeem"], ["--member", "b", "--out", out] + Self.hour)
        #expect(third.status == 2 && third.stderr.contains("covered already"), "\(third.stderr)")
        let coverage = try park.run(["certificates", "coverage"], ["--member", "b"])
        #expect(coverage.stdout.contains("2023-06-01T00:00:00Z,RS-small-park-2,3001") && coverage.stdout.contains(",RS-small-park-3,2001"),
                "\(coverage.stdout)")
        // The unique-claim criterion is checked against the coverage, and passes.
        let quality = try String(contentsOf: park.dir.appendingPathComponent("out/scope2-quality.csv"), encoding: .utf8)
        #expect(quality.contains(",2,unique claim,pass,"), "\(quality)")
    }

    @Test("two runs at once on one store serialise: the registry holds both, and equals a replay of the ledger")
    func concurrentRuns() throws {
        let park = try Park()
        #expect(try park.run(["import"], [try park.days(2)]).status == 0)
        // Each run holds its write transaction 2 s; the second waits for the first, then sees its state.
        let processes = try [("2023-06-01T00:00:00Z", "2023-06-02T00:00:00Z"), ("2023-06-02T00:00:00Z", "2023-06-03T00:00:00Z")].map { from, to in
            try CLI.start(["run"] + park.common + ["--from", from, "--to", to, "--redeem",
                                                   "--out", park.dir.appendingPathComponent(String(from.prefix(10))).path],
                          environment: ["GREENPARK_HOLD_WRITE_SECONDS": "2"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let list = try park.run(["certificates", "list"], ["--owner", "a"]).stdout
        // 24 hours of each day: a's pv and wind certificates of every hour, in both days.
        #expect(list.contains("2023-06-01T23:00:00Z") && list.contains("2023-06-02T23:00:00Z"))
        let verified = try park.run(["ledger", "verify"])
        #expect(verified.status == 0 && verified.stdout.contains("the registry equals a replay of the ledger"), "\(verified.stderr)")
    }

    @Test("a second command that cannot wait is refused with a clear message, and writes nothing")
    func busyRefused() throws {
        let park = try Park()
        #expect(try park.run(["import"], [try park.days(2)]).status == 0)
        let first = try CLI.start(["run"] + park.common + ["--from", "2023-06-01T00:00:00Z", "--to", "2023-06-02T00:00:00Z",
                                                             "--out", park.dir.appendingPathComponent("1").path],
                                  environment: ["GREENPARK_HOLD_WRITE_SECONDS": "4"])
        Thread.sleep(forTimeInterval: 1.5)
        let second = try park.run(["run"], ["--from", "2023-06-02T00:00:00Z", "--to", "2023-06-03T00:00:00Z",
                                                "--out", park.dir.appendingPathComponent("2").path],
                                  environment: ["GREENPARK_BUSY_TIMEOUT_SECONDS": "0.5"])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 1 && second.stderr.contains("another command is changing this park's store"), "\(second.stderr)")
        let list = try park.run(["certificates", "list"]).stdout
        #expect(list.contains("2023-06-01T23:00:00Z") && !list.contains("2023-06-02T05:00:00Z"))
        #expect(try park.run(["ledger", "verify"]).status == 0)
    }

    @Test("a correction after issuance withdraws certificates above the corrected generation and says so")
    func correctionAfterIssuance() throws {
        let park = try Park()
        let out = park.dir.appendingPathComponent("out").path
        #expect(try park.run(["run"], ["--readings", Self.readings, "--out", out] + Self.hour).status == 0)
        // The wind farm's four readings of the hour become 100 Wh each: 400 Wh instead of 3,001.
        var fix = "meter_id,interval_start,energy_wh\n"
        for minute in ["00", "15", "30", "45"] { fix += "w1,2023-06-01T00:\(minute):00Z,100\n" }
        #expect(try park.run(["import"], [try park.file("fix.csv", fix), "--replace"]).status == 0)
        let pending = try park.run(["status"])
        #expect(pending.stdout.contains("issued for 3001 Wh, metered now 400 Wh"), "\(pending.stdout)")
        let rerun = try park.run(["run"], ["--out", out] + Self.hour)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("2 corrections") && rerun.stdout.contains("metered 3001 -> 400 Wh"), "\(rerun.stdout)")
        // Live wind certificates (not withdrawn) are 400, the corrected generation.
        let list = try park.run(["certificates", "list"]).stdout.split(separator: "\n").filter { $0.contains(",wind,") }
        let live = list.filter { !$0.contains("withdrawn") }.reduce(Int64(0)) { $0 + (Int64($1.split(separator: ",")[6]) ?? 0) }
        #expect(live == 400, "\(list)")
        let status = try park.run(["status"])
        #expect(status.stdout.contains("corrections: 2") && status.stdout.contains("2601 withdrawn"), "\(status.stdout)")
        #expect(!status.stdout.contains("metered now"))
        #expect(try park.run(["ledger", "verify"]).status == 0)
        // Nothing changed since: a third run changes nothing.
        let again = try park.run(["run"], ["--out", out] + Self.hour)
        #expect(again.stdout.contains("0 corrections") && again.stdout.contains("0 ledger entries"), "\(again.stdout)")
    }

    @Test("only init makes a key; a missing or different key is refused before anything is written")
    func keys() throws {
        let dir = try CLI.directory()
        let common = ["--park", RunCommandTests.fixture.appendingPathComponent("park.yaml").path,
                      "--database", dir.appendingPathComponent("park.sqlite").path]
        let missing = try CLI.run(["run"] + common + ["--operator-key", dir.appendingPathComponent("typo.key").path,
                                   "--readings", Self.readings, "--out", dir.appendingPathComponent("o").path] + Self.hour)
        #expect(missing.status == 2 && missing.stderr.contains("no operator key"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("typo.key").path))
        let park = try Park()
        #expect(try park.run(["run"], ["--readings", Self.readings, "--out", park.dir.appendingPathComponent("o").path] + Self.hour).status == 0)
        let entries = try park.run(["ledger", "verify"]).stdout
        // Another park's key (made by init elsewhere) is refused: exit 2, and the ledger is as it was.
        let other = try Park()
        let wrong = try CLI.run(["certificates", "transfer", "--park", RunCommandTests.fixture.appendingPathComponent("park.yaml").path,
                                 "--database", park.dir.appendingPathComponent("park.sqlite").path,
                                 "--operator-key", other.dir.appendingPathComponent("operator.key").path,
                                 "--first-id", "GC-small-park-pv-0000006001", "--from-owner", "pv", "--to", "a"])
        #expect(wrong.status == 2 && wrong.stderr.contains("is not the one that sealed"), "\(wrong.stderr)")
        #expect(try park.run(["ledger", "verify"]).stdout.prefix(30) == entries.prefix(30))
    }

    @Test("an unwritable --out refuses the run before anything is final; statements can be written again from the store")
    func outputBeforeFinality() throws {
        let park = try Park()
        let blocked = try park.file("not-a-directory", "x")
        let refused = try park.run(["run"], ["--readings", Self.readings, "--redeem", "--out", blocked] + Self.hour)
        #expect(refused.status == 2 && refused.stderr.contains("Nothing was stored"), "\(refused.stderr)")
        #expect(try park.run(["certificates", "list"]).stdout.split(separator: "\n").count == 1)
        let out = park.dir.appendingPathComponent("out")
        #expect(try park.run(["run"], ["--readings", Self.readings, "--redeem", "--out", out.path] + Self.hour).status == 0)
        let again = park.dir.appendingPathComponent("again")
        let written = try park.run(["certificates", "statements"], ["--out", again.path])
        #expect(written.status == 0 && written.stdout.contains("2 statements"))
        #expect(try Data(contentsOf: again.appendingPathComponent("RS-small-park-1.json"))
            == Data(contentsOf: out.appendingPathComponent("statements/RS-small-park-1.json")))
    }

    @Test("generation is certified from the generators' own meters: a member's gap does not hold it back")
    func gapsAndIssuance() throws {
        let park = try Park()
        let text = try String(contentsOfFile: Self.readings, encoding: .utf8)
        let withoutA = text.split(separator: "\n").filter { !$0.hasPrefix("a1,2023-06-01T00:15") }.joined(separator: "\n") + "\n"
        let out = park.dir.appendingPathComponent("out").path
        let run = try park.run(["run"], ["--readings", try park.file("gap.csv", withoutA), "--gaps", "skip-interval", "--out", out] + Self.hour)
        #expect(run.status == 0, "\(run.stderr)")
        // pv generated 2,000 + 1,000 + 3,000 + 1 = 6,001 Wh in the hour, 00:15 included although a1 has no value there.
        let certificates = try String(contentsOf: park.dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        #expect(certificates.contains("GC-small-park-pv-0000006001"), "\(certificates)")
        // Filling a1's gap later moves the certificates of 00:15's allocation to the members (a correction of transfers).
        let filled = try park.run(["import"], [try park.file("a.csv", "meter_id,interval_start,energy_wh\na1,2023-06-01T00:15:00Z,2000\n")])
        #expect(filled.status == 0)
        let rerun = try park.run(["run"], ["--out", out] + Self.hour)
        #expect(rerun.stdout.contains("correction") && rerun.stdout.contains("transferred to members"), "\(rerun.stdout)")
        let list = try park.run(["certificates", "list"], ["--owner", "a"]).stdout
        // a now holds its pv allocation of the whole hour: 500 + 500 + 750 + 1 = 1,751.
        let pv = list.split(separator: "\n").filter { $0.contains(",pv,") }.reduce(Int64(0)) { $0 + (Int64($1.split(separator: ",")[6]) ?? 0) }
        #expect(pv == 1751, "\(list)")
        // A generator whose own meter has a gap is certified for what it metered (3,001 - 2,000 = 1,001 Wh), the
        // run says so, and importing the gap later issues the difference.
        let park2 = try Park()
        let withoutWind = text.split(separator: "\n").filter { !$0.hasPrefix("w1,2023-06-01T00:15") }.joined(separator: "\n") + "\n"
        let out2 = park2.dir.appendingPathComponent("o").path
        let run2 = try park2.run(["run"], ["--readings", try park2.file("gap.csv", withoutWind), "--gaps", "skip-interval", "--out", out2] + Self.hour)
        #expect(run2.status == 0 && run2.stdout.contains("wind: 1 production period (2023-06-01T00:00:00Z to 2023-06-01T00:00:00Z) "
                                                         + "certified from the intervals its meter w1 has"), "\(run2.stdout)")
        #expect(try park2.run(["certificates", "list"]).stdout.contains("GC-small-park-wind-0000001001,"))
        let wind = try park2.run(["import"], [try park2.file("w.csv", "meter_id,interval_start,energy_wh\nw1,2023-06-01T00:15:00Z,2000\n")])
        #expect(wind.status == 0)
        let rerun2 = try park2.run(["run"], ["--out", out2] + Self.hour)
        #expect(rerun2.stdout.contains("metered 1001 -> 3001 Wh; ") && rerun2.stdout.contains("2000 certificates issued"), "\(rerun2.stdout)")
    }

    @Test("ledger verify finds a registry that does not match the ledger")
    func registryMismatch() throws {
        let park = try Park()
        #expect(try park.run(["run"], ["--readings", Self.readings, "--out", park.dir.appendingPathComponent("o").path] + Self.hour).status == 0)
        #expect(try park.run(["ledger", "verify"]).status == 0)
        // Behind GreenPark's back: a's pv certificates handed to b in the store, not in the ledger.
        _ = try CLI.shell("sqlite3 \(park.dir.appendingPathComponent("park.sqlite").path) \"UPDATE certificate_range SET owner = 'b' WHERE owner = 'a'\"")
        let verify = try park.run(["ledger", "verify"])
        #expect(verify.status == 1 && verify.stderr.contains("does not match a replay"), "\(verify.stderr)")
    }
}
