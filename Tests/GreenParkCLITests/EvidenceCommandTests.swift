import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

@Suite("greenpark evidence: a signed pack that verifies, and fails on any change", .serialized)
struct EvidenceCommandTests {
    /// The small park run with --redeem, then a's pack for June 2023. With `thirdMember`
    /// the park gets a member c whose meter reads 0 Wh (the allocation of a and b is
    /// unchanged), so that the pack may hold the park's totals.
    func pack(_ dir: URL, thirdMember: Bool = true) throws -> URL {
        var park = RunCommandTests.fixture.appendingPathComponent("park.yaml")
        var readings = RunCommandTests.fixture.appendingPathComponent("readings.csv")
        if thirdMember {
            let text = try String(contentsOf: park, encoding: .utf8)
                .replacingOccurrences(of: "    meters: [b1]\n",
                                      with: "    meters: [b1]\n  - id: c\n    name: Member C\n    meters: [c1]\n")
            park = dir.appendingPathComponent("park.yaml")
            try text.write(to: park, atomically: true, encoding: .utf8)
            let zeros = (0..<4).map { "c1,2023-06-01T00:\(["00", "15", "30", "45"][$0]):00Z,0\n" }.joined()
            readings = dir.appendingPathComponent("readings.csv")
            let fixture = try String(contentsOf: RunCommandTests.fixture.appendingPathComponent("readings.csv"),
                                     encoding: .utf8)
            try (fixture + zeros).write(to: readings, atomically: true, encoding: .utf8)
        }
        _ = try CLI.run(["init", "--park", park.path, "--database", dir.appendingPathComponent("park.sqlite").path,
                         "--operator-key", dir.appendingPathComponent("operator.key").path])
        let run = try CLI.run(["run", "--park", park.path, "--database", dir.appendingPathComponent("park.sqlite").path,
                               "--readings", readings.path,
                               "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z",
                               "--out", dir.appendingPathComponent("out").path,
                               "--operator-key", dir.appendingPathComponent("operator.key").path, "--redeem"])
        #expect(run.status == 0, "\(run.stderr)")
        let zip = dir.appendingPathComponent("pack.zip")
        let created = try CLI.run(["evidence", "--park", park.path,
                                   "--database", dir.appendingPathComponent("park.sqlite").path, "--operator-key", dir.appendingPathComponent("operator.key").path,
                                   "--member", "a", "--period", "2023-06", "--gaps", "skip-interval", "--out", zip.path])
        #expect(created.status == 0, "\(created.stderr)")
        return zip
    }

    @Test("a two-member park: the pack leaves the park's totals out, says why, and verifies within the bounds")
    func twoMembers() throws {
        let dir = try CLI.directory()
        let zip = try pack(dir, thirdMember: false)
        let files = try EvidencePack.read(zip)
        // The park total 4,000 Wh at 00:00 less a's 1,000 would be b's 3,000: none of it is in the pack.
        #expect(files["readings/park-consumption.csv"] == nil)
        let intervals = String(decoding: files["readings/intervals.csv"]!, as: UTF8.self)
        #expect(intervals.hasPrefix("interval_start,excluded\n") && intervals.contains("\n2023-06-01T00:00:00Z,0\n"))
        let summary = String(decoding: files["allocation/summary.json"]!, as: UTF8.self)
        #expect(summary.contains("\"totals_omitted\": \"left out: the park has 2 members"))
        #expect(!summary.contains("\"consumption_wh\": 10002"))
        #expect(!summary.contains("self_consumption_ratio") && !summary.contains("\"checks\""))
        let manifestText = String(decoding: files["manifest.json"]!, as: UTF8.self)
        #expect(manifestText.contains("\"park_totals\":\"left out: the park has 2 members"))
        #expect(String(decoding: files["methodology.md"]!, as: UTF8.self).contains("this pack holds no park totals"))
        let text = files.filter { $0.key != "park/park.yaml" }
            .map { String(decoding: $0.value, as: UTF8.self) }.joined()
        #expect(!text.contains(",4000,") && !text.contains("b1,"))
        let result = try verify(zip, key: dir.appendingPathComponent("operator.pub"))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(
            "ok   allocation: key pro-rata: bounds checked; the park has fewer than 3 members"))
        // A park total smuggled into a two-member pack is refused, even when signed.
        var pack = EvidencePack()
        guard case .object(let manifest) = CanonicalJSON.parse(files["manifest.json"]!.dropLast()) else {
            Issue.record("manifest")
            return
        }
        pack.facts = manifest.filter { !["format", "operator_key", "files"].contains($0.key) }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let replaced = ["manifest.json", "manifest.sig", "operator.pub", "readings/intervals.csv"]
        for path in files.keys.sorted() where !replaced.contains(path) {
            pack.add(path, files[path]!)
        }
        pack.add("readings/park-consumption.csv",
                 "interval_start,consumption_wh,excluded\n2023-06-01T00:00:00Z,4000,0\n")
        let smuggled = dir.appendingPathComponent("smuggled.zip")
        try pack.write(to: smuggled, key: OperatorKey())
        let refused = EvidenceVerifier.verify(files: try EvidencePack.read(smuggled))
        #expect(refused.checks.contains {
            $0.name == "recompute" && !$0.passed && $0.detail.contains("must hold readings/intervals.csv")
        })
    }

    func verify(_ zip: URL, key: URL? = nil) throws -> CLI.Result {
        try CLI.run(["evidence", "verify", zip.path] + (key.map { ["--public-key", $0.path] } ?? []))
    }

    @Test("the pack verifies, recomputes the numbers, and holds no other member's series")
    func roundTrip() throws {
        let dir = try CLI.directory()
        let zip = try pack(dir)
        let result = try verify(zip, key: dir.appendingPathComponent("operator.pub"))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok   allocation: pro-rata shares recomputed"))
        #expect(result.stdout.contains("ok   scope2: emissions/scope2.csv recomputed from the raw data: identical, 1 row"))
        let files = try EvidencePack.read(zip)
        for path in ["park/park.yaml", "readings/member.csv", "readings/generators.csv", "readings/park-consumption.csv", "allocation/allocations.csv",
                     "certificates/statements/RS-small-park-1.json", "ledger/ledger.jsonl", "emissions/scope2.csv", "reports/report-zh.html", "methodology.md"] {
            #expect(files[path] != nil, "\(path)")
        }
        // b's meter, statement and transfers are not in a's pack; the park total is.
        let text = files.filter { $0.key != "park/park.yaml" }.map { String(decoding: $0.value, as: UTF8.self) }.joined()
        #expect(!text.contains("b1,") && !text.contains("RS-small-park-2") && !text.contains("\"to\":\"b\""))
        #expect(String(decoding: files["readings/park-consumption.csv"]!, as: UTF8.self).contains("2023-06-01T00:00:00Z,4000,0"))
    }

    @Test("an altered byte, a missing file, an extra file or another key: refused")
    func tampering() throws {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try pack(dir))
        let key = try #require(OperatorPublicKey(hex: String(decoding: files["operator.pub"]!, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(EvidenceVerifier.verify(files: files, expectedKey: key).passed)
        var altered = files
        var bytes = [UInt8](altered["readings/member.csv"]!)
        bytes[bytes.count - 3] ^= 1
        altered["readings/member.csv"] = Data(bytes)
        let a = EvidenceVerifier.verify(files: altered)
        #expect(!a.passed && a.checks.contains { $0.detail.contains("readings/member.csv was altered") })
        var missing = files
        missing["ledger/ledger.jsonl"] = nil
        #expect(EvidenceVerifier.verify(files: missing).checks.contains { $0.detail.contains("ledger/ledger.jsonl is missing") })
        var extra = files
        extra["readings/other.csv"] = Data("x".utf8)
        #expect(EvidenceVerifier.verify(files: extra).checks.contains { $0.detail.contains("readings/other.csv is not in the manifest") })
        let other = try #require(OperatorPublicKey(hex: OperatorKey().publicKeyHex))
        #expect(!EvidenceVerifier.verify(files: files, expectedKey: other).passed)
        var manifest = files
        manifest["manifest.json"] = Data(String(decoding: files["manifest.json"]!, as: UTF8.self).replacingOccurrences(of: "\"member\":\"a\"", with: "\"member\":\"b\"").utf8)
        #expect(EvidenceVerifier.verify(files: manifest).checks.contains { $0.name == "manifest signature" && !$0.passed })
        // A flipped byte in the ZIP itself.
        let zip = dir.appendingPathComponent("pack.zip")
        var raw = [UInt8](try Data(contentsOf: zip))
        // In manifest.json's compressed data (the first entry: a 30-byte header and its 13-byte
        // name, then data); the middle of the ZIP may fall in a header field nobody reads.
        raw[60] ^= 0xFF
        try Data(raw).write(to: dir.appendingPathComponent("broken.zip"))
        let broken = try verify(dir.appendingPathComponent("broken.zip"))
        #expect(broken.status == 2, "\(broken.stdout)")
    }

    @Test("numbers that do not follow from the raw data are found, even when the manifest is signed again")
    func recomputation() throws {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try pack(dir))
        let key = try OperatorKeyFile.load(path: dir.appendingPathComponent("operator.key").path)
        func resigned(_ change: (inout [String: Data]) -> Void) throws -> EvidenceVerifier {
            var changed = files
            change(&changed)
            var pack = EvidencePack()
            guard case .object(let manifest) = CanonicalJSON.parse(files["manifest.json"]!.dropLast()) else { throw EvidenceError(message: "manifest") }
            pack.facts = manifest.filter { !["format", "operator_key", "files"].contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for path in changed.keys.sorted() where !["manifest.json", "manifest.sig", "operator.pub"].contains(path) { pack.add(path, changed[path]!) }
            let zip = dir.appendingPathComponent("resigned.zip")
            try pack.write(to: zip, key: key)
            return EvidenceVerifier.verify(files: try EvidencePack.read(zip))
        }
        // Give a one more Wh from pv at 00:00 (500 -> 501): the pro-rata share is 2000 x 1000 / 4000 = 500.
        let allocation = try resigned { files in
            files["allocation/allocations.csv"] = Data(String(decoding: files["allocation/allocations.csv"]!, as: UTF8.self)
                .replacingOccurrences(of: "2023-06-01T00:00:00Z,pv,500", with: "2023-06-01T00:00:00Z,pv,501").utf8)
        }
        #expect(allocation.checks.contains { $0.name == "allocation" && !$0.passed && $0.detail.contains("allocated 501 Wh") })
        #expect(allocation.checks.contains { $0.name == "scope2" && !$0.passed })
        // A lower Scope 2 figure in the CSV.
        let scope2 = try resigned { files in
            files["emissions/scope2.csv"] = Data(String(decoding: files["emissions/scope2.csv"]!, as: UTF8.self)
                .replacingOccurrences(of: ",0.550,0.610,", with: ",0.450,0.610,").utf8)
        }
        #expect(scope2.checks.contains { $0.name == "scope2" && !$0.passed && $0.detail.contains("0.450") })
        #expect(scope2.checks.contains { $0.name == "allocation" && $0.passed })
    }
}
