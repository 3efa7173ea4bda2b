import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

/// The ledger extract of a pack: the member's entries with Merkle proofs and the seals of
/// their blocks. Each crafted pack is signed again with the operator's own key, so that
/// only the ledger check can find what was changed.
@Suite("greenpark evidence: the member's ledger entries, proven by Merkle paths", .serialized)
struct EvidenceLedgerTests {
    struct Fixture {
        var dir: URL
        var files: [String: Data]
        var key: OperatorKey
    }

    func fixture() throws -> Fixture {
        let dir = try CLI.directory()
        let files = try EvidencePack.read(try EvidenceCommandTests().pack(dir))
        let hex = try String(contentsOf: dir.appendingPathComponent("operator.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return Fixture(dir: dir, files: files, key: try OperatorKey(rawRepresentation: try #require(Hex.bytes(hex))))
    }

    /// The ledger check of `f`'s pack with `change` applied, signed with the operator key.
    func ledgerCheck(
        _ f: Fixture, key: OperatorKey? = nil, _ change: (inout [String: Data]) throws -> Void
    )
        throws -> EvidenceVerifier.Check?
    {
        var changed = f.files
        try change(&changed)
        let verifier = try EvidenceCraftedTests().resigned(changed, in: f.dir, key: key ?? f.key) { _ in }
        return verifier.checks.first { $0.name == "ledger" }
    }

    static func lines(_ data: Data?) -> [String] {
        String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func data(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    @Test("the pack carries a's transfers and redemption and the issuances of its devices, each with a path")
    func carried() throws {
        let f = try fixture()
        let entries = Self.lines(f.files[EvidencePack.ledgerEntriesPath]).compactMap { LedgerEntry(line: $0) }
        let kinds = Set(entries.map(\.kind))
        #expect(kinds == [.issuance, .transfer, .redemption], "\(kinds)")
        #expect(entries.filter { $0.kind == .transfer }.allSatisfy { $0.data["to"] == .string("a") })
        #expect(Self.lines(f.files[EvidencePack.ledgerProofsPath]).count == entries.count)
        #expect(!Self.lines(f.files[EvidencePack.ledgerSealsPath]).isEmpty)
        #expect(f.files[EvidencePack.legacyLedgerPath]?.isEmpty == true)  // no block from before roots
        let text = [EvidencePack.ledgerEntriesPath, EvidencePack.ledgerProofsPath, EvidencePack.ledgerSealsPath]
            .map { String(decoding: f.files[$0]!, as: UTF8.self) }.joined()
        #expect(
            !text.contains("\"to\":\"b\"") && !text.contains("\"beneficiary\":\"b\"")
                && !text.contains("RS-small-park-2"))
        let check = try ledgerCheck(f) { _ in }
        #expect(check?.passed == true, "\(String(describing: check))")
    }

    @Test("an altered proof, or a proof at another index, is refused")
    func alteredProof() throws {
        let f = try fixture()
        let proofs = Self.lines(f.files[EvidencePack.ledgerProofsPath])
        let k = try #require(proofs.firstIndex { !$0.contains("\"path\":[]") })
        let flipped = try ledgerCheck(f) { files in
            var changed = proofs
            let path = try #require(changed[k].range(of: "\"path\":[\""))
            let digit = changed[k].index(path.upperBound, offsetBy: 3)
            changed[k].replaceSubrange(digit...digit, with: changed[k][digit] == "0" ? "1" : "0")
            files[EvidencePack.ledgerProofsPath] = Self.data(changed)
        }
        #expect(
            flipped?.passed == false && flipped?.detail.contains("Merkle path does not lead") == true,
            "\(String(describing: flipped))")
        guard case .object(var proof) = CanonicalJSON.parse(Array(proofs[k].utf8)),
            case .integer(let index) = proof["index"],
            case .integer(let count) = proof["count"]
        else {
            Issue.record("proof")
            return
        }
        proof["index"] = .integer(index + 1 < count ? index + 1 : index - 1)
        let moved = try ledgerCheck(f) { files in
            var changed = proofs
            changed[k] = CanonicalJSON.object(proof).text
            files[EvidencePack.ledgerProofsPath] = Self.data(changed)
        }
        #expect(
            moved?.passed == false && moved?.detail.contains("is not its place in block") == true,
            "\(String(describing: moved))")
    }

    @Test("an altered entry is refused, and so is one whose hash was recomputed")
    func alteredEntry() throws {
        let f = try fixture()
        let lines = Self.lines(f.files[EvidencePack.ledgerEntriesPath])
        let k = try #require(lines.firstIndex { $0.contains("\"kind\":\"transfer\"") })
        let altered = try ledgerCheck(f) { files in
            var changed = lines
            changed[k] = changed[k].replacingOccurrences(of: "\"reason\":\"", with: "\"reason\":\"x")
            files[EvidencePack.ledgerEntriesPath] = Self.data(changed)
        }
        #expect(altered?.passed == false && altered?.detail.contains("hash does not match") == true)
        let rehashed = try ledgerCheck(f) { files in
            var changed = lines
            var entry = try #require(LedgerEntry(line: changed[k]))
            var data = entry.data
            data["reason"] = .string("forged")
            entry = LedgerEntry(
                sequence: entry.sequence, kind: entry.kind, time: entry.time, data: data,
                previous: entry.previous)
            changed[k] = entry.line
            files[EvidencePack.ledgerEntriesPath] = Self.data(changed)
        }
        #expect(
            rehashed?.passed == false && rehashed?.detail.contains("Merkle path does not lead") == true,
            "\(String(describing: rehashed))")
    }

    @Test("a seal altered, or re-signed with another key, is refused")
    func alteredSeal() throws {
        let f = try fixture()
        let seals = Self.lines(f.files[EvidencePack.ledgerSealsPath])
        let seal = try #require(LedgerEntry(line: seals[0]))
        /// The seal with its root replaced (and signed by `key`), its hash recomputed.
        func forged(root: String, key: OperatorKey) throws -> String {
            var data = seal.data
            let head = try #require(
                Hex.bytes(seal.data["head"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""))
            data["root"] = .string(root)
            data["key"] = .string(key.publicKeyHex)
            data["signature"] = .string(try key.sign(message: head + Hex.bytes(root)!))
            return LedgerEntry(
                sequence: seal.sequence, kind: .seal, time: seal.time, data: data, previous: seal.previous
            ).line
        }
        let otherRoot = String(repeating: "ab", count: 32)
        // Another root, signed with the operator's key: the entries' paths no longer lead to it.
        let rooted = try ledgerCheck(f) { files in
            files[EvidencePack.ledgerSealsPath] = Self.data(
                [try forged(root: otherRoot, key: f.key)] + seals.dropFirst())
        }
        #expect(
            rooted?.passed == false && rooted?.detail.contains("Merkle path does not lead") == true,
            "\(String(describing: rooted))")
        // The seal signed with another key (the manifest with the operator's): refused.
        let other = OperatorKey()
        let resigned = try ledgerCheck(f) { files in
            let root = seal.data["root"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            files[EvidencePack.ledgerSealsPath] = Self.data([try forged(root: root, key: other)] + seals.dropFirst())
        }
        #expect(
            resigned?.passed == false && resigned?.detail.contains("signature does not verify") == true,
            "\(String(describing: resigned))")
        // The seal's signature bytes changed (its hash recomputed).
        let badSignature = try ledgerCheck(f) { files in
            var data = seal.data
            data["signature"] = .string(String(repeating: "0", count: 128))
            let line = LedgerEntry(
                sequence: seal.sequence, kind: .seal, time: seal.time, data: data, previous: seal.previous
            ).line
            files[EvidencePack.ledgerSealsPath] = Self.data([line] + seals.dropFirst())
        }
        #expect(badSignature?.passed == false && badSignature?.detail.contains("signature does not verify") == true)
        // A seal left out: its block's entries are not proven.
        let missing = try ledgerCheck(f) { files in
            files[EvidencePack.ledgerSealsPath] = Self.data(Array(seals.dropFirst()))
        }
        #expect(missing?.passed == false && missing?.detail.contains("is not in the pack") == true)
        // The whole pack, seals and manifest, signed with another key: refused with the key pinned.
        let files = f.files
        let verifier = try EvidenceCraftedTests().resigned(files, in: f.dir, key: other) { _ in }
        #expect(!verifier.passed)
    }

    @Test("a statement whose redemption entry is left out is refused")
    func missingRedemption() throws {
        let f = try fixture()
        let entries = Self.lines(f.files[EvidencePack.ledgerEntriesPath])
        let proofs = Self.lines(f.files[EvidencePack.ledgerProofsPath])
        let k = try #require(entries.firstIndex { $0.contains("\"kind\":\"redemption\"") })
        let seq = try #require(LedgerEntry(line: entries[k])).sequence
        let check = try ledgerCheck(f) { files in
            files[EvidencePack.ledgerEntriesPath] = Self.data(
                entries.enumerated().filter { $0.offset != k }.map(\.element))
            files[EvidencePack.ledgerProofsPath] = Self.data(proofs.filter { !$0.contains("\"seq\":\(seq)}") })
        }
        #expect(
            check?.passed == false && check?.detail.contains("has no redemption entry") == true,
            "\(String(describing: check))")
        // A proof left over for an entry taken out is refused too.
        let leftover = try ledgerCheck(f) { files in
            files[EvidencePack.ledgerEntriesPath] = Self.data(
                entries.enumerated().filter { $0.offset != k }.map(\.element))
        }
        #expect(leftover?.passed == false && leftover?.detail.contains("which the pack does not carry") == true)
    }
}
