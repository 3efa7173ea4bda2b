import Foundation
import Testing

@Suite("greenpark run and allocate", .serialized)
struct RunCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/small-park")

    func runSmallPark(_ dir: URL, extra: [String] = []) throws -> CLI.Result {
        try Self.initialise(dir)
        return try CLI.run(["run", "--park", Self.fixture.appendingPathComponent("park.yaml").path,
                     "--database", dir.appendingPathComponent("park.sqlite").path,
                     "--readings", Self.fixture.appendingPathComponent("readings.csv").path,
                     "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z",
                     "--out", dir.appendingPathComponent("out").path,
                     "--operator-key", dir.appendingPathComponent("operator.key").path] + extra)
    }

    /// `greenpark init` for the fixture park with its store and key in `dir` (once).
    static func initialise(_ dir: URL) throws {
        guard !FileManager.default.fileExists(atPath: dir.appendingPathComponent("operator.key").path) else { return }
        let made = try CLI.run(["init", "--park", fixture.appendingPathComponent("park.yaml").path,
                                "--database", dir.appendingPathComponent("park.sqlite").path,
                                "--operator-key", dir.appendingPathComponent("operator.key").path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test("the hand-computed park: summary.json and allocations.csv exactly as worked out in its README")
    func handComputed() throws {
        let dir = try CLI.directory()
        let result = try runSmallPark(dir, extra: ["--redeem"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary == (try String(contentsOf: Self.fixture.appendingPathComponent("expected-summary.json"), encoding: .utf8)))
        let allocations = try String(contentsOf: dir.appendingPathComponent("out/allocations.csv"), encoding: .utf8)
        #expect(allocations == (try String(contentsOf: Self.fixture.appendingPathComponent("expected-allocations.csv"), encoding: .utf8)))
        let members = try String(contentsOf: dir.appendingPathComponent("out/members.csv"), encoding: .utf8)
        #expect(members.split(separator: "\n").count == 1 + 4 * 2)
        #expect(members.contains("2023-06-01T00:45:00Z,b,2,1,1"))

        // scope2.csv, worked in the fixture's README: the run's one hour is its whole period (and the only part of its month, so no month row).
        let scope2 = try String(contentsOf: dir.appendingPathComponent("out/scope2.csv"), encoding: .utf8)
        let span = "2023-06-01T00:00:00Z,2023-06-01T01:00:00Z"
        #expect(scope2 == """
            member_id,period,period_start,period_end,consumption_wh,direct_green_wh,grid_import_wh,covered_wh,location_kg,market_kg,hourly_covered_wh,hourly_location_kg,hourly_market_kg,cfe_wh,cfe_score
            a,2023-06-01T00:00:00Z to 2023-06-01T01:00:00Z,\(span),4001,3001,1000,3001,0.550,0.610,3001,0.550,0.610,3001,0.750062
            b,2023-06-01T00:00:00Z to 2023-06-01T01:00:00Z,\(span),5002,3001,2001,3001,1.101,1.220,3001,1.101,1.220,3001,0.59996

            """)
        let quality = try String(contentsOf: dir.appendingPathComponent("out/scope2-quality.csv"), encoding: .utf8)
        // Two statements x 8 criteria, every instrument with the same result.
        #expect(quality.split(separator: "\n").count == 1 + 2 * 8)
        #expect(!quality.contains(",fail,"))
        #expect(quality.contains("RS-small-park-1,a,8,residual mix,disclosed,2,"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/report.html").path))

        // Idempotent: the same period again stores nothing new and writes the same files.
        let again = try runSmallPark(dir, extra: ["--redeem"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported"))
        #expect(again.stdout.contains("unchanged"))
        #expect(try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8) == summary)
    }

    @Test("missing data: the run fails and lists the gap; --gaps skip-interval leaves the interval out for everyone")
    func gaps() throws {
        let dir = try CLI.directory()
        let readings = try String(contentsOf: Self.fixture.appendingPathComponent("readings.csv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("w1,2023-06-01T00:15") }.joined(separator: "\n") + "\n"
        let file = dir.appendingPathComponent("readings.csv")
        try readings.write(to: file, atomically: true, encoding: .utf8)
        try Self.initialise(dir)
        func run(_ extra: [String]) throws -> CLI.Result {
            try CLI.run(["run", "--park", Self.fixture.appendingPathComponent("park.yaml").path,
                         "--database", dir.appendingPathComponent("park.sqlite").path, "--readings", file.path,
                         "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path,
                         "--operator-key", dir.appendingPathComponent("operator.key").path] + extra)
        }
        let failed = try run([])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("w1: 2023-06-01T00:15:00Z to 2023-06-01T00:30:00Z (1 interval)"))
        #expect(failed.stderr.contains("--gaps skip-interval"))
        // Refused: nothing written, not even the output directory.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let skipped = try run(["--gaps", "skip-interval"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        // No redemption asked: no statements, and the run does not say it wrote any.
        #expect(!skipped.stdout.contains("statements/"), "\(skipped.stdout)")
        let summary = try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"skipped_intervals\": 1"))
        // Without 00:15 (C 4000, G 3000 on that interval): C 9003 - 4000 = 5003, G 9002 - 3000 = 6002 (wind's 2000 missing too)
        #expect(summary.contains("\"consumption_wh\": 5003"))
        #expect(summary.contains("\"allocated_wh\": 3002"))
    }

    @Test("--redeem: granular certificates issued, transferred per allocation and redeemed, worked by hand; the ledger verifies")
    func certificates() throws {
        let dir = try CLI.directory()
        let result = try runSmallPark(dir, extra: ["--redeem"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        // One hour of production: pv 6,001 Wh, wind 3,001 Wh -> one certificate per Wh.
        // Allocated from pv: a 500 + 500 + 750 + 1 = 1,751, b 1,500 + 500 = 2,000 (pv keeps 2,250);
        // from wind: a 1,000 + 250 = 1,250, b 1,000 + 1 = 1,001 (wind keeps 750).
        // a and b redeem all they hold (3,001 Wh each, below their consumption 4,001 and 5,002).
        let window = "2023-06-01T00:00:00Z,2023-06-01T01:00:00Z"
        #expect(csv == """
            scheme,first_id,last_id,device_id,production_start,production_end,volume_wh,owner,status,origin,storage_device,efficiency,produced_start,produced_end
            granular,GC-small-park-pv-0000000001,GC-small-park-pv-0000001751,pv,\(window),1751,a,redeemed:RS-small-park-1,production,,,,
            granular,GC-small-park-pv-0000001752,GC-small-park-pv-0000003751,pv,\(window),2000,b,redeemed:RS-small-park-2,production,,,,
            granular,GC-small-park-pv-0000003752,GC-small-park-pv-0000006001,pv,\(window),2250,pv,active,production,,,,
            granular,GC-small-park-wind-0000000001,GC-small-park-wind-0000001250,wind,\(window),1250,a,redeemed:RS-small-park-1,production,,,,
            granular,GC-small-park-wind-0000001251,GC-small-park-wind-0000002251,wind,\(window),1001,b,redeemed:RS-small-park-2,production,,,,
            granular,GC-small-park-wind-0000002252,GC-small-park-wind-0000003001,wind,\(window),750,wind,active,production,,,,

            """)
        let summary = try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"covered_wh\": 3001"))
        #expect(summary.contains("certificates redeemed for the member's consumption"))
        let statement = try String(contentsOf: dir.appendingPathComponent("out/statements/RS-small-park-1.json"), encoding: .utf8)
        #expect(statement.contains("\"beneficiary\": \"a\"") && statement.contains("\"volume_wh\": 3001"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/statements/RS-small-park-1.html").path))
        let verify = try CLI.run(["ledger", "verify", "--file", dir.appendingPathComponent("out/ledger.jsonl").path,
                                  "--public-key", dir.appendingPathComponent("operator.pub").path])
        #expect(verify.status == 0, "\(verify.stderr)")
        // Again: nothing new is issued, transferred or redeemed; the same files.
        let ledger = try String(contentsOf: dir.appendingPathComponent("out/ledger.jsonl"), encoding: .utf8)
        #expect(try runSmallPark(dir, extra: ["--redeem"]).status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("out/ledger.jsonl"), encoding: .utf8) == ledger)
        #expect(try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8) == csv)
        #expect(try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8) == summary)
    }

    @Test("--outputs writes only the files named; an unknown name is refused before anything is stored")
    func outputs() throws {
        let dir = try CLI.directory()
        let refused = try runSmallPark(dir, extra: ["--redeem", "--outputs", "summary,ledgr"])
        #expect(refused.status == 2 && refused.stderr.contains("unknown output 'ledgr'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("choose from all, summary, allocations, members"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let status = try CLI.run(["status", "--park", Self.fixture.appendingPathComponent("park.yaml").path,
                                  "--database", dir.appendingPathComponent("park.sqlite").path])
        #expect(status.stdout.contains("empty: nothing imported yet"), "\(status.stdout)")

        let result = try runSmallPark(dir, extra: ["--redeem", "--outputs", "summary, scope2,statements"])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
        #expect(written == ["scope2-quality.csv", "scope2.csv", "statements", "summary.json"])
        #expect(result.stdout.contains("wrote \(dir.appendingPathComponent("out").path)/summary.json, statements/, "
                                       + "scope2.csv, scope2-quality.csv"), "\(result.stdout)")
        // What was left out is written later from the store: the ledger verifies as if run wrote it.
        let ledger = dir.appendingPathComponent("ledger.jsonl").path
        #expect(try CLI.run(["ledger", "export", "--park", Self.fixture.appendingPathComponent("park.yaml").path,
                             "--database", dir.appendingPathComponent("park.sqlite").path, "-o", ledger]).status == 0)
        #expect(try CLI.run(["ledger", "verify", "--file", ledger]).status == 0)
    }

    @Test("allocate works on stored data and writes the results when asked")
    func allocate() throws {
        let dir = try CLI.directory()
        #expect(try runSmallPark(dir, extra: ["--redeem"]).status == 0)
        let result = try CLI.run(["allocate", "--park", Self.fixture.appendingPathComponent("park.yaml").path,
                                  "--database", dir.appendingPathComponent("park.sqlite").path,
                                  "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("again").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("unchanged"))
        #expect(try String(contentsOf: dir.appendingPathComponent("again/summary.json"), encoding: .utf8)
                == (try String(contentsOf: Self.fixture.appendingPathComponent("expected-summary.json"), encoding: .utf8)))
    }
}
