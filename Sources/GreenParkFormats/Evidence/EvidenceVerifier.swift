import Foundation
import GreenParkCore

/// Checks an evidence pack offline: the manifest signature and every file's SHA-256, the
/// ledger extract's chain and block signatures, then recomputes the member's allocation
/// (within the key's rounding), Scope 2 and CBAM figures from the raw data inside the pack
/// and compares them with the pack's own files (docs/evidence.md).
public struct EvidenceVerifier {
    public struct Check: Sendable, Equatable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public private(set) var checks: [Check] = []
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
    let files: [String: Data]

    mutating func record(_ name: String, _ passed: Bool, _ detail: String) { checks.append(Check(name: name, passed: passed, detail: detail)) }

    /// Verifies `files` (a pack's contents); `expectedKey` pins the operator's public key.
    public static func verify(files: [String: Data], expectedKey: OperatorPublicKey? = nil) -> EvidenceVerifier {
        var verifier = EvidenceVerifier(files: files)
        if let unsafe = files.keys.first(where: { !EvidencePack.isSafe($0) }) {
            verifier.record("files", false, "unsafe path \(unsafe) in the pack")
            return verifier
        }
        guard let manifest = verifier.checkIntegrity(expectedKey: expectedKey) else { return verifier }
        verifier.checkLedger(key: manifest.key)
        do { try verifier.recompute(manifest) } catch {
            verifier.record("recompute", false, (error as? any GreenParkError)?.message ?? "\(error)")
        }
        return verifier
    }

    struct Manifest {
        var key: OperatorPublicKey
        var facts: [String: CanonicalJSON]
        func text(_ name: String) -> String? { if case .string(let s) = facts[name] { return s }; return nil }
    }

    /// Signature, key and every file's hash; nil when the pack cannot be trusted further.
    mutating func checkIntegrity(expectedKey: OperatorPublicKey?) -> Manifest? {
        guard let manifestData = files[EvidencePack.manifestPath], let signatureData = files[EvidencePack.signaturePath],
              let keyData = files[EvidencePack.keyPath] else {
            record("manifest", false, "manifest.json, manifest.sig or operator.pub is missing")
            return nil
        }
        let keyText = String(decoding: keyData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = OperatorPublicKey(hex: keyText) else { record("operator key", false, "operator.pub is not an Ed25519 public key"); return nil }
        if let expectedKey, expectedKey != key {
            record("operator key", false, "the pack is signed with key \(key.hex.prefix(16))..., not the expected \(expectedKey.hex.prefix(16))...")
            return nil
        }
        let signature = String(decoding: signatureData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.isValid(signatureHex: signature, forHash: EvidencePack.sha256(manifestData)) else {
            record("manifest signature", false, "the manifest's signature does not verify with \(key.hex.prefix(16))...: the manifest was altered or signed by another key")
            return nil
        }
        record("manifest signature", true, "Ed25519 signature by \(key.hex.prefix(16))... valid")
        guard case .object(let facts) = CanonicalJSON.parse(manifestData.dropLast()), case .array(let listed) = facts["files"],
              facts["format"] == .string(EvidencePack.format), facts["operator_key"] == .string(key.hex) else {
            record("manifest", false, "manifest.json is not a \(EvidencePack.format) manifest for this key")
            return nil
        }
        var problems: [String] = []
        var seen: Set<String> = [EvidencePack.manifestPath, EvidencePack.signaturePath, EvidencePack.keyPath]
        for item in listed {
            guard case .object(let file) = item, case .string(let path) = file["path"], case .string(let sha) = file["sha256"],
                  case .integer(let bytes) = file["bytes"] else { problems.append("a manifest entry is malformed"); continue }
            seen.insert(path)
            guard let data = files[path] else { problems.append("\(path) is missing"); continue }
            if Int64(data.count) != bytes || EvidencePack.sha256(data) != sha { problems.append("\(path) was altered (SHA-256 differs)") }
        }
        for path in files.keys.sorted() where !seen.contains(path) { problems.append("\(path) is not in the manifest") }
        record("files", problems.isEmpty, problems.isEmpty ? "\(listed.count) files, every SHA-256 matches" : problems.joined(separator: "; "))
        return problems.isEmpty ? Manifest(key: key, facts: facts) : nil
    }

    /// The ledger extract: full entries rehashed, redacted ones linked, seals signed.
    mutating func checkLedger(key: OperatorPublicKey) {
        guard let data = files["ledger/ledger.jsonl"] else { record("ledger", false, "ledger/ledger.jsonl is missing"); return }
        var previous = LedgerEntry.genesis, sequence: Int64 = 0, full = 0, redacted = 0, seals = 0, endsSealed = false
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard case .object(let object) = CanonicalJSON.parse(Array(line.utf8)), case .integer(let seq) = object["seq"],
                  case .string(let prev) = object["prev"], case .string(let hash) = object["hash"] else {
                record("ledger", false, "entry after \(sequence - 1) is not a ledger line"); return
            }
            guard seq == sequence, prev == previous else {
                record("ledger", false, "entry \(seq) does not follow entry \(sequence - 1) (removed, inserted or reordered)"); return
            }
            endsSealed = false
            if object["redacted"] == .bool(true) {
                redacted += 1
            } else {
                guard let entry = LedgerEntry(line: line), entry.computedHash == hash else {
                    record("ledger", false, "entry \(seq): its hash does not match its content (altered)"); return
                }
                if entry.kind == .seal {
                    guard case .string(let head) = entry.data["head"], case .string(let signature) = entry.data["signature"], head == previous,
                          key.isValid(signatureHex: signature, forHash: head) else {
                        record("ledger", false, "seal \(seq): its signature does not verify over the block head"); return
                    }
                    seals += 1
                    endsSealed = true
                }
                full += 1
            }
            previous = hash
            sequence += 1
        }
        if sequence == 0 { record("ledger", true, "empty: no certificates were issued yet"); return }
        guard endsSealed else { record("ledger", false, "the extract does not end with a signed seal: entries after the last block were added"); return }
        record("ledger", seals > 0, "\(sequence) entries (\(full) in full, \(redacted) of other members redacted to their hashes), \(seals) block signatures valid")
    }
}
