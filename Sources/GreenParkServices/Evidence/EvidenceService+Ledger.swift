import Foundation
import GreenParkCore
import GreenParkFormats

extension EvidenceService {
    /// The ledger extract of a pack (docs/evidence.md, "The ledger extract"): the entries of
    /// `member` whose certificates were produced in `[from, to)` (``LedgerParty``: its
    /// transfers, redemptions and their splits), and the issuances, corrections and withdrawals
    /// of the devices whose certificates those entries name, in the same period.
    ///
    /// An entry in a block whose seal has a Merkle root is carried in full with its audit path
    /// (``MerkleTree``) and the block's seal, once per block: `entries`, `proofs` and `seals`.
    /// A block sealed before roots is carried whole as before, other entries redacted to
    /// their `seq`, `kind`, `prev` and `hash`: `legacy`. Found through the store's party
    /// index, one block at a time: memory grows with the member's data, not the park.
    func ledgerExtract(member: String, from: Timestamp, to: Timestamp) throws -> EvidenceLedgerFiles {
        let store = context.stores.certificates
        var wanted = Set(try store.ledgerSequences(party: member, producedFrom: from, to: to))
        // The devices its entries name; certificates are issued for the park's generators, so
        // the search stops once every generator is found (each entry is one read otherwise).
        var devices: Set<String> = []
        let generators = Set(park.generators.map(\.id))
        for seq in wanted.sorted() where !generators.isSubset(of: devices) {
            for entry in try store.ledgerEntries(seq...seq) {
                devices.formUnion(Self.certificateIds(entry).compactMap { device(ofId: $0) })
            }
        }
        for device in devices.sorted() {
            wanted.formUnion(try store.ledgerSequences(party: LedgerParty.device(device), producedFrom: from, to: to))
        }
        var files = EvidenceLedgerFiles()
        let sorted = wanted.sorted()
        var k = 0
        while k < sorted.count {
            guard let sealEntry = try store.ledgerSeal(atOrAfter: sorted[k]),
                let seal = LedgerSeal(data: sealEntry.data),
                seal.first <= sorted[k]
            else { break }  // entries after the last seal: not in a pack
            var inBlock: [Int64] = []
            while k < sorted.count, sorted[k] <= seal.last {
                inBlock.append(sorted[k])
                k += 1
            }
            let block = try store.ledgerEntries(seal.first...seal.last)
            if seal.root != nil {
                let leaves = block.map { Hex.bytes($0.hash) ?? [] }
                let indices = inBlock.map { Int($0 - seal.first) }
                for (i, path) in zip(indices, MerkleTree.proofs(indices: indices, of: leaves)) {
                    files.entries.append(contentsOf: Array(block[i].line.utf8) + [10])
                    files.proofs.append(
                        contentsOf: CanonicalJSON.object([
                            "seq": .integer(block[i].sequence), "block": .integer(seal.block),
                            "index": .integer(Int64(i)),
                            "count": .integer(Int64(block.count)),
                            "path": .array(path.map { .string(Hex.string($0)) }),
                        ]).bytes + [10])
                }
                files.seals.append(contentsOf: Array(sealEntry.line.utf8) + [10])
            } else {
                let shown = Set(inBlock)
                for entry in block + [sealEntry] {
                    let line =
                        shown.contains(entry.sequence) || entry.kind == .seal
                        ? entry.line
                        : CanonicalJSON.object([
                            "seq": .integer(entry.sequence), "kind": .string(entry.kind.rawValue),
                            "prev": .string(entry.previous), "hash": .string(entry.hash), "redacted": .bool(true),
                        ]).text
                    files.legacy.append(contentsOf: Array(line.utf8) + [10])
                }
            }
        }
        return files
    }

    /// The device of a certificate id (`<scheme>-<park>-<device>-<serial>`).
    func device(ofId id: String) -> String? {
        guard let (prefix, _) = LedgerIssueSpan.split(id: id) else { return nil }
        for scheme in CertificateScheme.allCases {
            let head = SchemeRules.rules(for: scheme).idPrefix + "-" + park.settings.id + "-"
            if prefix.hasPrefix(head), prefix.count > head.count {
                return String(prefix.dropFirst(head.count).dropLast())
            }
        }
        return nil
    }

    /// The certificate ids an entry names: its first ids of ranges.
    static func certificateIds(_ entry: LedgerEntry) -> [String] {
        let data = entry.data
        var ids: [String] = []
        if case .string(let id) = data["first_id"] { ids.append(id) }
        for key in ["certificates", "parts"] {
            guard case .array(let pairs) = data[key] else { continue }
            for pair in pairs { if case .array(let p) = pair, case .string(let id)? = p.first { ids.append(id) } }
        }
        return ids
    }
}

/// The ledger files of a pack (docs/evidence.md).
struct EvidenceLedgerFiles {
    /// `ledger/entries.jsonl`: entries of blocks with a Merkle root, canonical lines.
    var entries: [UInt8] = []
    /// `ledger/proofs.jsonl`: per entry, its block, leaf index, leaf count and audit path.
    var proofs: [UInt8] = []
    /// `ledger/seals.jsonl`: the seal of every block an entry is in.
    var seals: [UInt8] = []
    /// `ledger/ledger.jsonl`: whole blocks sealed before roots, others' entries redacted.
    var legacy: [UInt8] = []
}
