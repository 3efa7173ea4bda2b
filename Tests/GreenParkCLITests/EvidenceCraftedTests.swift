import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

/// Packs made by someone else: signed with their own key, with contents meant to make the
/// verifier read local files or run out of stack. Each is refused as a failed check.
@Suite("greenpark evidence verify: crafted packs", .serialized)
struct EvidenceCraftedTests {
    /// The files of `files` with `change` applied, repacked and signed with `key` (a new
    /// key by default: the ledger's seals then no longer verify).
    func resigned(
        _ files: [String: Data], in dir: URL, key: OperatorKey = OperatorKey(),
        _ change: (inout [String: Data]) -> Void
    ) throws -> EvidenceVerifier {
        var changed = files
        change(&changed)
        var pack = EvidencePack()
        guard case .object(let manifest) = CanonicalJSON.parse(files["manifest.json"]!.dropLast()) else {
            throw EvidenceError(message: "manifest")
        }
        pack.facts = manifest.filter { !["format", "operator_key", "files"].contains($0.key) }.sorted {
            $0.key < $1.key
        }
        .map { ($0.key, $0.value) }
        for path in changed.keys.sorted() where !["manifest.json", "manifest.sig", "operator.pub"].contains(path) {
            pack.add(path, changed[path]!)
        }
        let zip = dir.appendingPathComponent("crafted-\(UUID().uuidString).zip")
        try pack.write(to: zip, key: key)
        return EvidenceVerifier.verify(files: try EvidencePack.read(zip))
    }

    @Test("factor and policy files named by an absolute path or with .. are never read from this machine")
    func pathsOutOfThePack() throws {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try EvidenceCommandTests().pack(dir))
        // A valid factor table outside the pack: the old verifier read it and went on.
        let outside = dir.appendingPathComponent("outside-factors.csv")
        try "year,name,kind,kg_per_kwh,source\n2023,east,location,0.55,stolen\n".write(
            to: outside, atomically: true, encoding: .utf8)
        let park = String(decoding: files["park/park.yaml"]!, as: UTF8.self)
        for (key, value) in [
            (
                "  residual: national-excl-nonfossil\n",
                "  residual: national-excl-nonfossil\n  table: \(outside.path)\n"
            ),
            (
                "  residual: national-excl-nonfossil\n",
                "  residual: national-excl-nonfossil\n  table: ../../../..\(outside.path)\n"
            ),
            (
                "  residual: national-excl-nonfossil\n",
                "  residual: national-excl-nonfossil\n  hourly_location: \(outside.path)\n"
            ),
        ] {
            let result = try resigned(files, in: dir) {
                $0["park/park.yaml"] = Data(park.replacingOccurrences(of: key, with: value).utf8)
            }
            #expect(
                result.checks.contains {
                    $0.name == "recompute" && !$0.passed && $0.detail.contains("a path outside the pack")
                },
                "\(result.checks)")
        }
        // A policy profile outside the pack: the packed park file itself is refused.
        let profile = dir.appendingPathComponent("outside.yaml")
        try "id: x\nname: X\nsource: S\nchecks:\n  - id: green_share\n    min: 0.1\n".write(
            to: profile, atomically: true, encoding: .utf8)
        let result = try resigned(files, in: dir) {
            $0["park/park.yaml"] = Data(
                park.replacingOccurrences(of: "policy_profile: cn-650-2025", with: "policy_profile: \(profile.path)")
                    .utf8)
        }
        #expect(
            result.checks.contains {
                $0.name == "recompute" && !$0.passed && $0.detail.contains("a path outside the pack")
            },
            "\(result.checks)")
    }

    @Test("a factor file inside the pack is used; one the park file names but the pack lacks is refused")
    func factorFileInThePack() throws {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try EvidenceCommandTests().pack(dir))
        let park = String(decoding: files["park/park.yaml"]!, as: UTF8.self)
            .replacingOccurrences(
                of: "  residual: national-excl-nonfossil\n",
                with: "  residual: national-excl-nonfossil\n  table: own.csv\n")
        let missing = try resigned(files, in: dir) { $0["park/park.yaml"] = Data(park.utf8) }
        #expect(
            missing.checks.contains {
                !$0.passed && $0.detail.contains("names own.csv, but park/own.csv is not in the pack")
            })
        let key = try OperatorKeyFile.load(path: dir.appendingPathComponent("operator.key").path)
        let present = try resigned(files, in: dir, key: key) {
            $0["park/park.yaml"] = Data(park.utf8)
            $0["park/own.csv"] = Data("year,name,kind,kg_per_kwh,source\n2023,east,location,0.55,own\n".utf8)
        }
        // 0.55 is the shipped east factor too: the recomputed Scope 2 is the same.
        #expect(present.passed, "\(present.checks)")
    }

    @Test("JSON nested a hundred thousand deep is refused, not a stack overflow")
    func deepJSON() throws {
        let deep =
            Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8)
        #expect(CanonicalJSON.parse(deep) == nil)
        // 64 levels are fine, 65 are not.
        #expect(
            CanonicalJSON.parse(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8))
                != nil)
        #expect(
            CanonicalJSON.parse(Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8))
                == nil)
        // A signed manifest that deep.
        let key = OperatorKey()
        let manifest = Data(#"{"format":"greenpark-evidence-1","x":"#.utf8) + Data(deep) + Data("}\n".utf8)
        let files: [String: Data] = [
            "manifest.json": manifest,
            "manifest.sig": Data((try key.sign(hashHex: EvidencePack.sha256(manifest)) + "\n").utf8),
            "operator.pub": Data((key.publicKeyHex + "\n").utf8),
        ]
        let result = EvidenceVerifier.verify(files: files)
        #expect(result.checks.contains { $0.name == "manifest" && !$0.passed }, "\(result.checks)")
        // A ledger line and a statement that deep.
        let dir = try CLI.directory()
        let pack = try EvidencePack.read(try EvidenceCommandTests().pack(dir))
        let ledger = try resigned(pack, in: dir) { $0["ledger/ledger.jsonl"] = Data(deep + [10]) }
        #expect(ledger.checks.contains { $0.name == "ledger" && !$0.passed })
        let statement = try resigned(pack, in: dir) { $0["certificates/statements/RS-small-park-1.json"] = Data(deep) }
        #expect(
            statement.checks.contains {
                $0.name == "recompute" && !$0.passed && $0.detail.contains("is not a redemption statement")
            })
    }

    @Test("numbers that would overflow: huge readings, volumes and allocations are refused as failed checks")
    func hugeNumbers() throws {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try EvidenceCommandTests().pack(dir))
        func replace(_ path: String, _ old: String, _ new: String) throws -> EvidenceVerifier {
            try resigned(files, in: dir) { files in
                let text = String(decoding: files[path]!, as: UTF8.self)
                precondition(text.contains(old), "\(path) lacks \(old)")
                files[path] = Data(text.replacingOccurrences(of: old, with: new).utf8)
            }
        }
        // Two generator values of Int64.max in one interval overflowed the sum of the allocation.
        let allocation = try replace(
            "allocation/allocations.csv", "2023-06-01T00:00:00Z,pv,500",
            "2023-06-01T00:00:00Z,pv,9223372036854775807\n2023-06-01T00:00:00Z,wind,9223372036854775807")
        #expect(allocation.checks.contains { $0.name == "recompute" && !$0.passed }, "\(allocation.checks)")
        let readings = try replace(
            "readings/member.csv", "a1,2023-06-01T00:00:00Z,1000", "a1,2023-06-01T00:00:00Z,9223372036854775807")
        #expect(
            readings.checks.contains { $0.name == "recompute" && !$0.passed && $0.detail.contains("10^15 Wh") },
            "\(readings.checks)")
        // 1e308 is not a whole number of Wh (Foundation reads it as a Double).
        let volume = try replace(
            "certificates/statements/RS-small-park-1.json", "\"volume_wh\": 1751", "\"volume_wh\": 1e308")
        #expect(
            volume.checks.contains { $0.name == "recompute" && !$0.passed && $0.detail.contains("incomplete") },
            "\(volume.checks)")
    }

    @Test("a pack that expands beyond the limit is refused, not read into memory")
    func zipBomb() throws {
        let dir = try CLI.directory()
        var pack = EvidencePack()
        pack.add("readings/member.csv", Data(count: 3_000_000))  // 3 MB of zeros, deflated to a few kB
        let zip = dir.appendingPathComponent("bomb.zip")
        try pack.write(to: zip, key: OperatorKey())
        #expect(try Data(contentsOf: zip).count < 100_000)
        #expect(throws: EvidenceError.self) { try EvidencePack.read(zip, limit: 1_000_000) }
        #expect(try EvidencePack.read(zip, limit: 4_000_000)["readings/member.csv"]?.count == 3_000_000)
    }
}
