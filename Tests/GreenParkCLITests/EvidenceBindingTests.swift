import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

/// Crafted packs that re-sign the manifest with the operator key (as the other crafted-pack
/// tests do): a statement must be the one its signed redemption entry records, and seals
/// must be those of one ledger.
@Suite("Evidence packs: statements bound to their entries, seals to one ledger", .serialized)
struct EvidenceBindingTests {
    /// A redemption entry altered, proven by a fabricated one-entry "block" whose seal is
    /// signed with the operator key (the same key the tests use to re-sign manifests).
    @Test("an entry altered and proven by a one-entry block made up beside the real one is refused")
    func fabricatedBlock() throws {
        let t = EvidenceLedgerTests()
        let f = try t.fixture()
        let entries = EvidenceLedgerTests.lines(f.files[EvidencePack.ledgerEntriesPath])
        let proofs = EvidenceLedgerTests.lines(f.files[EvidencePack.ledgerProofsPath])
        let seals = EvidenceLedgerTests.lines(f.files[EvidencePack.ledgerSealsPath])
        let k = try #require(entries.firstIndex { $0.contains("\"kind\":\"redemption\"") })
        let e = try #require(LedgerEntry(line: entries[k]))
        var data = e.data
        data["purpose"] = .string("forged")
        data["location"] = .string("elsewhere")
        let forged = LedgerEntry(sequence: e.sequence, kind: e.kind, time: e.time, data: data, previous: e.previous)
        let leaf = try #require(Hex.bytes(forged.hash))
        let root = MerkleTree.root(of: [leaf])
        let sig = try f.key.sign(message: leaf + root)
        let seal = LedgerEntry(
            sequence: e.sequence + 1, kind: .seal, time: e.time,
            data: [
                "block": .integer(999), "first": .integer(e.sequence), "last": .integer(e.sequence),
                "head": .string(forged.hash), "key": .string(f.key.publicKeyHex), "root": .string(Hex.string(root)),
                "signature": .string(sig),
            ], previous: forged.hash)
        let proof = CanonicalJSON.object([
            "seq": .integer(e.sequence), "block": .integer(999), "index": .integer(0), "count": .integer(1),
            "path": .array([]),
        ]).text
        let verifier = try EvidenceCraftedTests().resigned(f.files, in: f.dir, key: f.key) { files in
            var es = entries
            es[k] = forged.line
            files[EvidencePack.ledgerEntriesPath] = EvidenceLedgerTests.data(es)
            files[EvidencePack.ledgerProofsPath] = EvidenceLedgerTests.data(
                proofs.filter { !$0.contains("\"seq\":\(e.sequence)}") } + [proof])
            files[EvidencePack.ledgerSealsPath] = EvidenceLedgerTests.data(seals + [seal.line])
        }
        #expect(!verifier.passed, "a fabricated block passes")
        #expect(verifier.checks.contains { $0.detail.contains("the seals are not those of one ledger") })
    }

    /// The statement's certificate serials changed (same count, volume and coverage).
    @Test("a statement listing other certificates (same count and volume) than its entry is refused")
    func statementSerialsUnbound() throws {
        let t = EvidenceLedgerTests()
        let f = try t.fixture()
        let path = try #require(f.files.keys.first { $0.hasPrefix("certificates/statements/") && $0.hasSuffix(".json") })
        var object = try #require(try JSONSerialization.jsonObject(with: f.files[path]!) as? [String: Any])
        var groups = try #require(object["certificates"] as? [[String: Any]])
        var ranges = try #require(groups[0]["ranges"] as? [[Any]])
        let first = try #require((ranges[0][0] as? NSNumber)?.int64Value)
        let last = try #require((ranges[0][1] as? NSNumber)?.int64Value)
        ranges[0][0] = first + 5000
        ranges[0][1] = last + 5000
        groups[0]["ranges"] = ranges
        object["certificates"] = groups
        let changed = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let verifier = try EvidenceCraftedTests().resigned(f.files, in: f.dir, key: f.key) { files in
            files[path] = changed
        }
        #expect(!verifier.passed, "a statement naming other certificates than its redemption entry passes")
        #expect(verifier.checks.contains { $0.detail.contains("lists other certificates than its redemption entry") })
    }

    /// coverage_sha256 removed from the statement: the coverage comparison is skipped.
    @Test("a statement without the coverage digest its entry records is refused")
    func statementWithoutCoverage() throws {
        let t = EvidenceLedgerTests()
        let f = try t.fixture()
        let path = try #require(f.files.keys.first { $0.hasPrefix("certificates/statements/") && $0.hasSuffix(".json") })
        var object = try #require(try JSONSerialization.jsonObject(with: f.files[path]!) as? [String: Any])
        object["coverage_sha256"] = nil
        let changed = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let verifier = try EvidenceCraftedTests().resigned(f.files, in: f.dir, key: f.key) { files in
            files[path] = changed
        }
        #expect(!verifier.passed)
        #expect(verifier.checks.contains { $0.detail.contains("does not agree with its redemption entry") })
    }

    @Test("a statement whose purpose differs from its entry is refused")
    func statementPurpose() throws {
        let f = try EvidenceLedgerTests().fixture()
        let path = try #require(f.files.keys.first { $0.hasPrefix("certificates/statements/") && $0.hasSuffix(".json") })
        var object = try #require(try JSONSerialization.jsonObject(with: f.files[path]!) as? [String: Any])
        object["purpose"] = "forged purpose"
        let changed = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let verifier = try EvidenceCraftedTests().resigned(f.files, in: f.dir, key: f.key) { $0[path] = changed }
        #expect(!verifier.passed)
        #expect(verifier.checks.contains { $0.detail.contains("does not agree with its redemption entry") })
    }
}
