import Foundation
import GreenParkCore

/// The ledger extract of a pack (docs/evidence.md), checked with the operator key the
/// manifest names (pinned by `--public-key`):
/// - every seal in `ledger/seals.jsonl` is a whole entry whose hash matches its content,
///   carries a Merkle root, names the key and is signed by it over `head || root`;
/// - every entry in `ledger/entries.jsonl` is rehashed, has exactly one proof in
///   `ledger/proofs.jsonl` naming a carried seal, sits at index `seq - first` of that
///   block, the proof's count is the block's `last - first + 1`, and its audit path leads
///   from the entry's hash to the seal's root (``MerkleTree``); no proof is left over;
/// - blocks sealed before roots (`ledger/ledger.jsonl`) are whole: consecutive entries
///   linked by `prev`, full ones rehashed, each block ending with its seal, signed over its
///   head;
/// - every statement in the pack has its redemption entry in the extract, with the same
///   beneficiary, volume and coverage SHA-256.
extension EvidenceVerifier {
    mutating func checkLedger(key: OperatorPublicKey, member: String?) {
        let paths = [
            EvidencePack.ledgerEntriesPath, EvidencePack.ledgerProofsPath, EvidencePack.ledgerSealsPath,
            EvidencePack.legacyLedgerPath,
        ]
        if let missing = paths.first(where: { files[$0] == nil }) {
            record("ledger", false, "\(missing) is missing")
            return
        }
        do {
            let (entries, blocks) = try checkedEntries(key: key)
            let (legacy, legacyBlocks) = try checkedLegacy(key: key)
            let all = entries + legacy
            try checkRedemptions(all, member: member)
            if all.isEmpty && blocks + legacyBlocks == 0 {
                record("ledger", true, "empty: no certificates of the member in the period")
                return
            }
            record(
                "ledger", true,
                "\(entries.count) entries proven in \(blocks) signed block(s) by their Merkle paths"
                    + (legacyBlocks > 0 ? ", \(legacy.count) in \(legacyBlocks) older block(s) carried whole" : "")
                    + "; every seal's signature valid")
        } catch {
            record("ledger", false, (error as? EvidenceError)?.message ?? "\(error)")
        }
    }

    /// The lines of a pack file (empty lines skipped).
    func lines(_ path: String) -> [Substring] {
        String(decoding: files[path] ?? Data(), as: UTF8.self).split(separator: "\n")
    }

    /// A full entry line, rehashed; refused when it is no entry or its hash differs.
    static func entry(_ line: Substring, _ path: String) throws -> LedgerEntry {
        guard let entry = LedgerEntry(line: line) else {
            throw EvidenceError(message: "\(path): a line is not a ledger entry")
        }
        guard entry.computedHash == entry.hash else {
            throw EvidenceError(
                message: "\(path): entry \(entry.sequence): its hash does not match its content (altered)")
        }
        return entry
    }

    func checkedEntries(key: OperatorPublicKey) throws -> (entries: [LedgerEntry], blocks: Int) {
        var seals: [Int64: LedgerSeal] = [:]
        for line in lines(EvidencePack.ledgerSealsPath) {
            let entry = try Self.entry(line, EvidencePack.ledgerSealsPath)
            // Numbers from a crafted pack are bounded before any arithmetic on them.
            guard entry.kind == .seal, let seal = LedgerSeal(data: entry.data), seal.root != nil,
                seal.first >= 0, seal.first <= seal.last, seal.last < Int64.max / 2,
                entry.sequence == seal.last + 1, entry.previous == seal.head
            else {
                throw EvidenceError(
                    message:
                        "\(EvidencePack.ledgerSealsPath): entry \(entry.sequence) is not a seal with a Merkle root")
            }
            guard seal.key == key.hex, seal.isSigned(by: key) else {
                throw EvidenceError(
                    message: "seal of block \(seal.block): its signature does not verify over head || root "
                        + "with the operator key \(key.hex.prefix(16))...")
            }
            guard seals.updateValue(seal, forKey: seal.block) == nil else {
                throw EvidenceError(message: "seal of block \(seal.block) appears twice")
            }
        }
        // Blocks follow each other: a higher block number starts after the lower block's end (a
        // block made up beside the ledger overlaps the real one or breaks the order).
        var end = Int64.min
        for block in seals.keys.sorted() {
            let seal = seals[block]!
            guard seal.first > end else {
                throw EvidenceError(message: "seal of block \(block) (entries \(seal.first) to \(seal.last)) overlaps "
                    + "or precedes the block before it: the seals are not those of one ledger")
            }
            end = seal.last + 1
        }
        var proofs: [Int64: [String: CanonicalJSON]] = [:]
        for line in lines(EvidencePack.ledgerProofsPath) {
            guard case .object(let proof) = CanonicalJSON.parse(Array(line.utf8)),
                case .integer(let seq) = proof["seq"],
                proofs.updateValue(proof, forKey: seq) == nil
            else {
                throw EvidenceError(
                    message: "\(EvidencePack.ledgerProofsPath): a line is not a proof, or a second one for its entry")
            }
        }
        var entries: [LedgerEntry] = []
        for line in lines(EvidencePack.ledgerEntriesPath) {
            let entry = try Self.entry(line, EvidencePack.ledgerEntriesPath)
            let seq = entry.sequence
            func refuse(_ why: String) -> EvidenceError { EvidenceError(message: "entry \(seq): \(why)") }
            guard let proof = proofs.removeValue(forKey: seq) else {
                throw refuse("no Merkle proof in \(EvidencePack.ledgerProofsPath)")
            }
            guard case .integer(let block) = proof["block"], case .integer(let index) = proof["index"],
                case .integer(let count) = proof["count"], case .array(let pathItems) = proof["path"]
            else {
                throw refuse("its proof lacks block, index, count or path")
            }
            guard let seal = seals[block] else { throw refuse("the seal of block \(block) is not in the pack") }
            guard seq >= seal.first, seq <= seal.last, index == seq - seal.first, count == seal.last - seal.first + 1
            else {
                throw refuse(
                    "its proof's position (index \(index) of \(count)) is not its place in block \(block) "
                        + "(entries \(seal.first) to \(seal.last))")
            }
            let path = pathItems.compactMap { item -> [UInt8]? in
                if case .string(let hex) = item, let bytes = Hex.bytes(hex), bytes.count == 32 { return bytes }
                return nil
            }
            guard path.count == pathItems.count, let leaf = Hex.bytes(entry.hash),
                let root = seal.root.flatMap(Hex.bytes),
                MerkleTree.verify(leaf: leaf, index: Int(index), count: Int(count), proof: path, root: root)
            else {
                throw refuse(
                    "its Merkle path does not lead to the root signed in the seal of block \(block) (altered)")
            }
            entries.append(entry)
        }
        if let extra = proofs.keys.min() {
            throw EvidenceError(
                message: "\(EvidencePack.ledgerProofsPath): a proof for entry \(extra), which the pack does not carry")
        }
        return (entries, seals.count)
    }

    /// Blocks sealed before roots, carried whole (others' entries redacted).
    func checkedLegacy(key: OperatorPublicKey) throws -> (entries: [LedgerEntry], blocks: Int) {
        var entries: [LedgerEntry] = []
        var blocks = 0
        var previous: String?
        var expected: Int64?
        var blockStart: Int64?
        var tree = MerkleTree.Builder()
        let path = EvidencePack.legacyLedgerPath
        for line in lines(path) {
            guard case .object(let object) = CanonicalJSON.parse(Array(line.utf8)),
                case .integer(let seq) = object["seq"],
                case .string(let prev) = object["prev"], case .string(let hash) = object["hash"]
            else {
                throw EvidenceError(message: "\(path): a line is not a ledger line")
            }
            guard seq >= 0, seq < Int64.max / 2 else {
                throw EvidenceError(message: "\(path): entry \(seq) is out of range")
            }
            if let expected, let previous, seq != expected || prev != previous {
                throw EvidenceError(
                    message:
                        "\(path): entry \(seq) does not follow entry \(expected - 1) (removed, inserted or reordered)")
            }
            if blockStart == nil { blockStart = seq }
            if object["redacted"] == .bool(true) {
                tree.append(leaf: Hex.bytes(hash) ?? [])
            } else {
                let entry = try Self.entry(line, path)
                if entry.kind == .seal {
                    guard let seal = LedgerSeal(data: entry.data), seal.first == blockStart, seal.last == seq - 1,
                        seal.head == prev, seal.key == key.hex, seal.isSigned(by: key),
                        seal.root == nil || seal.root == tree.root.map(Hex.string)
                    else {
                        throw EvidenceError(
                            message:
                                "\(path): seal \(seq): it does not cover its block or its signature does not verify")
                    }
                    blocks += 1
                    blockStart = nil
                    tree = MerkleTree.Builder()
                } else {
                    tree.append(leaf: Hex.bytes(hash) ?? [])
                    entries.append(entry)
                }
            }
            previous = hash
            expected = blockStart == nil ? nil : seq + 1
            if blockStart == nil { previous = nil }
        }
        if blockStart != nil { throw EvidenceError(message: "\(path): the last block does not end with its seal") }
        return (entries, blocks)
    }

    /// Every statement of the pack has its redemption entry among `entries`, agreeing on
    /// beneficiary (the pack's member), reporting period, purpose, location, volume, coverage
    /// digest and the very certificates (id ranges) it lists: the figures recomputed from a
    /// statement are those the signed ledger records.
    func checkRedemptions(_ entries: [LedgerEntry], member: String?) throws {
        var redemptions: [String: [String: CanonicalJSON]] = [:]
        for entry in entries where entry.kind == .redemption {
            if case .string(let id) = entry.data["statement"] { redemptions[id] = entry.data }
        }
        for path in files.keys.sorted() where path.hasPrefix("certificates/statements/") && path.hasSuffix(".json") {
            guard let object = (try? JSONSerialization.jsonObject(with: files[path]!)) as? [String: Any],
                let id = object["statement"] as? String
            else { continue }  // refused by the recomputation
            guard let data = redemptions[id] else {
                throw EvidenceError(message: "\(path): statement \(id) has no redemption entry in the ledger extract")
            }
            func same(_ key: String, _ field: String) -> Bool { data[key] == .string(object[field] as? String ?? "") }
            let volume = Self.wholeNumber(object["volume_wh"])
            guard let member, data["beneficiary"] == .string(member), same("beneficiary", "beneficiary"),
                same("period_start", "period_start"), same("period_end", "period_end"), same("purpose", "purpose"),
                same("location", "consumption_location"),
                data["volume_wh"] == volume.map(CanonicalJSON.integer),
                (data["coverage_sha256"] ?? .string("")) == .string(object["coverage_sha256"] as? String ?? "")
            else {
                throw EvidenceError(
                    message: "\(path): statement \(id) does not agree with its redemption entry (beneficiary, "
                        + "period, purpose, location, volume_wh or coverage_sha256)")
            }
            guard Self.idRanges(statement: object) == Self.idRanges(entry: data) else {
                throw EvidenceError(
                    message: "\(path): statement \(id) lists other certificates than its redemption entry")
            }
        }
    }

    /// A run of serials of one id prefix.
    struct IdRun: Equatable {
        var prefix: String
        var first: Int64
        var last: Int64
    }

    /// A statement's certificates as runs of serials (sorted, adjacent runs merged: the
    /// store may keep two adjacent pieces as one range); nil when malformed.
    static func idRanges(statement object: [String: Any]) -> [IdRun]? {
        guard let groups = object["certificates"] as? [[String: Any]] else { return nil }
        var runs: [IdRun] = []
        for group in groups {
            guard let prefix = group["id_prefix"] as? String, let ranges = group["ranges"] as? [[Any]] else { return nil }
            for range in ranges {
                guard range.count >= 2, let first = wholeNumber(range[0]), let last = wholeNumber(range[1]),
                    first >= 0, last >= first
                else { return nil }
                runs.append(IdRun(prefix: prefix, first: first, last: last))
            }
        }
        return merged(runs)
    }

    /// A redemption entry's `certificates` (`[first id, last id]` pairs) as merged runs.
    static func idRanges(entry data: [String: CanonicalJSON]) -> [IdRun]? {
        guard case .array(let items) = data["certificates"] else { return nil }
        var runs: [IdRun] = []
        for item in items {
            guard case .array(let pair) = item, pair.count == 2, case .string(let a) = pair[0],
                case .string(let b) = pair[1], let (prefix, first) = LedgerIssueSpan.split(id: a), let (other, last) = LedgerIssueSpan.split(id: b),
                prefix == other, last >= first
            else { return nil }
            runs.append(IdRun(prefix: prefix, first: first, last: last))
        }
        return merged(runs)
    }


    static func merged(_ runs: [IdRun]) -> [IdRun] {
        var out: [IdRun] = []
        for run in runs.sorted(by: { ($0.prefix, $0.first) < ($1.prefix, $1.first) }) {
            if let end = out.last, end.prefix == run.prefix, end.last < Int64.max, end.last + 1 == run.first {
                out[out.count - 1].last = run.last
            } else {
                out.append(run)
            }
        }
        return out
    }
}
