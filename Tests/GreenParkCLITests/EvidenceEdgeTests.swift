import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

@Suite("Evidence packs and hourly matching at the edges", .serialized)
struct EvidenceEdgeTests {
    /// The small park's file with `change` applied, written into `dir`, and (unless told
    /// not to) its store and operator key made by `greenpark init`.
    func park(_ dir: URL, initialise: Bool = true, _ change: (String) -> String) throws -> String {
        let text = change(try String(contentsOf: RunCommandTests.fixture.appendingPathComponent("park.yaml"), encoding: .utf8))
        let url = dir.appendingPathComponent("park.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        // A park file that is meant to be refused cannot be initialised: its test sees the refusal later.
        if initialise { _ = try CLI.run(["init", "--park", url.path]) }
        return url.path
    }

    @Test("no operator key: evidence refuses and creates none; a park without certificates gives a pack that verifies")
    func keysAndEmptyLedger() throws {
        let dir = try CLI.directory()
        let park = try park(dir, initialise: false) { $0 }
        #expect(try CLI.run(["import", "--park", park, RunCommandTests.fixture.appendingPathComponent("readings.csv").path]).status == 0)
        let args = ["evidence", "--park", park, "--member", "a", "--period", "2023-06", "--gaps", "skip-interval", "--out", dir.appendingPathComponent("p.zip").path]
        let refused = try CLI.run(args)
        #expect(refused.status == 2 && refused.stderr.contains("no operator key"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("park.operator.key").path))
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        #expect(try CLI.run(args).status == 0)
        let verify = try CLI.run(["evidence", "verify", dir.appendingPathComponent("p.zip").path, "--public-key", dir.appendingPathComponent("park.operator.pub").path])
        #expect(verify.status == 0 && verify.stdout.contains("ledger: empty"), "\(verify.stdout)")
    }

    @Test("the same factor file named twice is packed once; paths outside the pack are refused")
    func factorFilesAndUnsafePaths() throws {
        let dir = try CLI.directory()
        try "hour_start,kg_per_kwh\n2023-06-01T00:00:00Z,0.4\n".write(to: dir.appendingPathComponent("hourly.csv"), atomically: true, encoding: .utf8)
        let park = try park(dir) { $0.replacingOccurrences(of: "  residual: national-excl-nonfossil\n", with: "  residual: national-excl-nonfossil\n  hourly_location: hourly.csv\n  hourly_residual: hourly.csv\n") }
        #expect(try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                             "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path, "--redeem"]).status == 0)
        let zip = dir.appendingPathComponent("p.zip")
        let created = try CLI.run(["evidence", "--park", park, "--member", "b", "--period", "2023-06", "--gaps", "skip-interval", "--out", zip.path])
        #expect(created.status == 0, "\(created.stderr)")
        var files = try EvidencePack.read(zip)
        #expect(files["park/hourly.csv"] != nil)
        #expect(EvidenceVerifier.verify(files: files).passed)
        files["park/../../evil.txt"] = Data("x".utf8)
        let refused = EvidenceVerifier.verify(files: files)
        #expect(!refused.passed && refused.checks.contains { $0.detail.contains("unsafe path") })
        #expect(!EvidencePack.isSafe("/etc/passwd") && !EvidencePack.isSafe("a/./b") && !EvidencePack.isSafe("a\\b") && EvidencePack.isSafe("park/hourly.csv"))
    }

    @Test("Nepal (+05:45): granular certificates and hourly Scope 2 use the same local hours")
    func halfHourZone() throws {
        let dir = try CLI.directory()
        let park = try park(dir) { $0.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Asia/Kathmandu") }
        // The generators' meters read 0 in the other quarter hours of those two local hours, so both are
        // complete for issuance (the members' meters have gaps there: left out of the allocation).
        var generators = "meter_id,interval_start,energy_wh\n"
        for meter in ["pv1", "w1"] {
            for time in ["2023-05-31T23:15:00Z", "2023-05-31T23:30:00Z", "2023-05-31T23:45:00Z", "2023-06-01T01:00:00Z"] {
                generators += "\(meter),\(time),0\n"
            }
        }
        try generators.write(to: dir.appendingPathComponent("generators.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                               dir.appendingPathComponent("generators.csv").path,
                               "--from", "2023-06-01", "--to", "2023-06-02", "--gaps", "skip-interval", "--out", dir.appendingPathComponent("out").path, "--redeem"])
        #expect(run.status == 0, "\(run.stderr)")
        // The four quarter hours from 00:00Z fall into the local hours from 23:15Z and 00:15Z; certificates
        // are issued per local hour, so every redeemed Wh also covers its hour.
        let rows = try String(contentsOf: dir.appendingPathComponent("out/scope2.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        for row in rows {
            let f = row.split(separator: ",")
            #expect(f[7] == f[10] && f[7] == "3001", "covered \(f[7]) vs hourly covered \(f[10])")
        }
        let certificates = try String(contentsOf: dir.appendingPathComponent("out/certificates.csv"), encoding: .utf8)
        #expect(certificates.contains("2023-05-31T23:15:00Z,2023-06-01T00:15:00Z") && certificates.contains("2023-06-01T00:15:00Z,2023-06-01T01:15:00Z"))
    }

    @Test("a hydrogen producer: h2-45v.json, the hours not matched, and the pillars in the report")
    func hydrogen() throws {
        let dir = try CLI.directory()
        let park = try park(dir) {
            let hydrogen = "    hydrogen:\n      placed_in_service: 2023-03-01\n      region: east\n"
            return $0.replacingOccurrences(of: "    meters: [b1]\n", with: "    meters: [b1]\n" + hydrogen)
        }
        let run = try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                               "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stderr)")
        // b: 5,002 Wh consumed, 3,001 Wh from generators commissioned 2023-01-01 (within 36 months): annual basis, not all matched.
        let json = try String(contentsOf: dir.appendingPathComponent("out/h2-45v.json"), encoding: .utf8)
        #expect(json.contains("\"consumption_wh\": 5002") && json.contains("\"matched_wh\": 3001") && json.contains("\"failing_hours\": 1"))
        #expect(json.contains("the facility is in region east; every Wh it received came from generators in that "
                              + "region"), "\(json)")
        let hours = try String(contentsOf: dir.appendingPathComponent("out/h2-45v-hours.csv"), encoding: .utf8)
        #expect(hours == "member_id,hour_start\nb,2023-06-01T00:00:00Z\n")
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("US 45V clean hydrogen") && report.contains("Incrementality"))
    }

    @Test("a crafted manifest period is refused cleanly, not a crash")
    func craftedPeriod() throws {
        let dir = try CLI.directory()
        #expect(try RunCommandTests().runSmallPark(dir, extra: ["--redeem"]).status == 0)
        let zip = dir.appendingPathComponent("p.zip")
        #expect(try CLI.run(["evidence", "--park", RunCommandTests.fixture.appendingPathComponent("park.yaml").path, "--database", dir.appendingPathComponent("park.sqlite").path,
                             "--operator-key", dir.appendingPathComponent("operator.key").path, "--member", "a", "--period", "2023-06", "--gaps", "skip-interval", "--out", zip.path]).status == 0)
        let files = try EvidencePack.read(zip)
        guard case .object(var manifest) = CanonicalJSON.parse(files["manifest.json"]!.dropLast()) else { Issue.record("manifest"); return }
        var pack = EvidencePack()
        manifest["to"] = .string("2023-05-01T00:00:00Z")
        pack.facts = manifest.filter { !["format", "operator_key", "files"].contains($0.key) }.map { ($0.key, $0.value) }
        for path in files.keys.sorted() where !["manifest.json", "manifest.sig", "operator.pub"].contains(path) { pack.add(path, files[path]!) }
        let crafted = dir.appendingPathComponent("crafted.zip")
        try pack.write(to: crafted, key: OperatorKey())
        let result = try CLI.run(["evidence", "verify", crafted.path])
        #expect(result.status == 2 && result.stdout.contains("is empty, too long or off the park's"), "\(result.stdout)")
    }
}

@Suite("greenpark run: shared infrastructure costs", .serialized)
struct SharedCostCommandTests {
    @Test("shared_costs.csv, worked by hand on the small park")
    func handWorked() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) { $0 + """
            shared_costs:
              - id: lines
                name: Direct lines
                annual_cost_fen: 87600000
                method: shapley
              - id: platform
                name: VPP platform
                annual_cost_fen: 87600000
                method: shapley-sampled
              - id: meters
                name: Metering
                annual_cost_fen: 87600001
                method: equal

            """ }
        let run = try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                               "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stderr)")
        // One hour of 2023 (8,760 h): 87,600,000 x 3,600 / 31,536,000 = 10,000 fen; 87,600,001 -> 10,000.000114 -> 10,000.
        // peak(a) = max(min(2000, 1000), min(3000, 2000), min(4000, 1000), min(2, 1)) = 2000; peak(b) = 2000 (00:00 and 00:15);
        // peak(ab) = max(2000, 3000, 1000, 2) = 3000. phi_a = (2000 - 0)/2 + (3000 - 2000)/2 = 1500 = phi_b: 5,000 fen each.
        // Sampled: both orders give a and b 2000 and 1000, so every pair averages 1500 exactly: bound 0.
        // The run is one billing month's part (08:00-09:00 local): one row per item and member, with what was computed.
        // Candidate intervals: 00:45 (G 2; a 1, b 2) is dominated by 00:15 (G 3,000; a 2,000, b 2,000): 3 of 4.
        let csv = try String(contentsOf: dir.appendingPathComponent("out/shared_costs.csv"), encoding: .utf8)
        let hour = "2023-06-01T00:00:00Z to 2023-06-01T01:00:00Z"
        let sampled = "10000 sampled orders (5000 antithetic pairs from seed 4488915525503302354) over 3 intervals"
        #expect(csv == """
            month,item,member_id,method,amount_fen,error_bound_fen,note
            \(hour),lines,a,shapley,5000,,exact over 4 coalitions and 3 candidate intervals of 4
            \(hour),lines,b,shapley,5000,,exact over 4 coalitions and 3 candidate intervals of 4
            \(hour),platform,a,shapley-sampled,5000,0,\(sampled)
            \(hour),platform,b,shapley-sampled,5000,0,\(sampled)
            \(hour),meters,a,equal,5000,,
            \(hour),meters,b,equal,5000,,

            """, "\(csv)")
    }

    @Test("shared cost mistakes are reported with the field")
    func mistakes() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir, initialise: false) { $0 + """
            shared_costs:
              - id: lines
                name: Direct lines
                annual_cost_fen: -5
                method: shapley
              - id: lines
                name: Again
                annual_cost_fen: 5
                method: nucleolus

            """ }
        let check = try CLI.run(["park", "check", park])
        #expect(check.status == 2)
        #expect(check.stderr.contains("shared_costs[0].annual_cost_fen") && check.stderr.contains("shared_costs[1].method"), "\(check.stderr)")
    }
}
