import Foundation
import GreenParkCore

/// Checks an evidence pack offline: the manifest signature and every file's SHA-256, the
/// ledger extract's entries, Merkle proofs and block signatures, then recomputes the member's allocation
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
        verifier.checkLedger(key: manifest.key, member: manifest.text("member"))
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
}
