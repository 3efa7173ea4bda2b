import Crypto
import Dispatch

/// Checks a whole ledger: every entry's hash against its content, every link to the entry
/// before, the numbering, and every block's seal and signature. Reports the first broken
/// entry, so altered, removed, inserted or reordered entries and a wrong key are found.
///
/// A seal with a `root` must carry the Merkle tree hash of its block's entry hashes
/// (recomputed here, one SHA-256 per entry and per node, O(log n) memory) and be signed
/// over `head || root`; a seal without one (written before roots) is signed over `head`.
public struct LedgerVerifier {
    public let publicKey: OperatorPublicKey?
    private var expectedSequence: Int64 = 0
    private var previousHash = HexDigest.genesis
    private var blockStart: Int64 = 0
    private var nextBlock: Int64 = 0
    private var key: OperatorPublicKey?
    private var tree = MerkleTree.Builder()
    public private(set) var entries = 0
    public private(set) var blocks = 0

    /// With `publicKey` nil, the key named in the first seal is used for every block.
    public init(publicKey: OperatorPublicKey?) {
        self.publicKey = publicKey
        key = publicKey
    }

    /// Checks a batch of consecutive entries: their hashes are recomputed on both cores,
    /// then the chain is followed in order. Same result as ``check(_:)`` one by one.
    public mutating func check(batch entries: [LedgerEntry]) throws {
        var valid = [Bool](repeating: false, count: entries.count)
        valid.withUnsafeMutableBufferPointer { flags in
            nonisolated(unsafe) let out = flags
            let parts = entries.count >= 1024 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                // Entries of a batch share their time: format it once per change.
                var lastTime = Int64.min, timeText = ""
                for k in (entries.count * part / parts)..<(entries.count * (part + 1) / parts) {
                    let entry = entries[k]
                    if entry.time.seconds != lastTime { lastTime = entry.time.seconds; timeText = entry.time.iso8601 }
                    out[k] = entry.computedHash(timeText: timeText) == entry.hash
                }
            }
        }
        for (k, entry) in entries.enumerated() { try check(entry, hashValid: valid[k]) }
    }

    /// Checks the next entry; throws ``LedgerBroken`` at the first problem.
    public mutating func check(_ entry: LedgerEntry) throws {
        try check(entry, hashValid: entry.computedHash == entry.hash)
    }

    private mutating func check(_ entry: LedgerEntry, hashValid: Bool) throws {
        try check(sequence: entry.sequence, kind: entry.kind, previous: HexDigest(entry.previous),
                  hash: HexDigest(entry.hash), hashValid: hashValid, leafHash: nil, sealData: { entry.data },
                  signatureValid: nil)
    }

    /// Checks the next entry, given what was read of it: its hash already checked against its
    /// content (`hashValid`), its `data` read only if it is a seal, and for a seal perhaps its
    /// signature already checked against the key the seal names (`signatureValid`), and
    /// perhaps its Merkle leaf hash already computed (`leafHash`).
    mutating func check(sequence seq: Int64, kind: LedgerEntry.Kind, previous: HexDigest?, hash: HexDigest?,
                        hashValid: Bool, leafHash: SHA256.Digest?, sealData: () -> [String: CanonicalJSON],
                        signatureValid: Bool?) throws {
        func broken(_ reason: String) -> LedgerBroken { LedgerBroken(sequence: seq, reason: reason) }
        guard seq == expectedSequence else {
            throw broken(seq > expectedSequence
                ? "entry \(expectedSequence) is missing (found \(seq) next): entries were removed or reordered"
                : "entry \(seq) appears again after \(expectedSequence - 1): entries were inserted or reordered")
        }
        guard previous == previousHash else {
            throw broken("its previous hash does not match entry \(seq - 1): an entry before it was changed, removed, inserted or reordered")
        }
        guard hashValid, let hash else {
            throw broken("its hash does not match its content: the entry was altered")
        }
        if kind == .seal {
            guard let seal = LedgerSeal(data: sealData()) else {
                throw broken("a seal without block, first, last, head, key and signature")
            }
            let block = seal.block
            guard block == nextBlock, seal.first == blockStart, seal.last == seq - 1,
                  HexDigest(seal.head) == previousHash else {
                throw broken("seal of block \(block) does not cover entries \(blockStart) to \(seq - 1)")
            }
            if let root = seal.root, tree.root.map(Hex.string) != root {
                throw broken("seal of block \(block): its Merkle root does not match its entries")
            }
            guard let sealKey = OperatorPublicKey(hex: seal.key) else {
                throw broken("the seal names an invalid public key")
            }
            if key == nil { key = sealKey }
            guard sealKey == key else {
                throw broken(publicKey != nil
                    ? "block \(block) is sealed with key \(seal.key.prefix(16))..., "
                        + "not the given public key \(key!.hex.prefix(16))..."
                    : "block \(block) is sealed with another key than the blocks before it")
            }
            // A signature checked in advance was checked against the seal's key: the key now.
            guard signatureValid ?? seal.isSigned(by: key!) else {
                throw broken("the signature of block \(block) is not valid for the public key")
            }
            tree = MerkleTree.Builder()
            blocks += 1
            nextBlock += 1
            blockStart = seq + 1
        } else {
            tree.append(leafDigest: leafHash ?? hash.merkleLeaf)
        }
        previousHash = hash
        expectedSequence += 1
        entries += 1
    }

    /// Call after the last entry: entries after the last seal are not covered by a signature.
    public func finish() throws {
        if blockStart < expectedSequence {
            throw LedgerBroken(sequence: blockStart, reason: "entries \(blockStart) to \(expectedSequence - 1) are not sealed by a signature")
        }
    }

    /// Verifies a whole sequence of entries.
    public static func verify(_ entries: some Sequence<LedgerEntry>, publicKey: OperatorPublicKey?) throws -> (entries: Int, blocks: Int) {
        var verifier = LedgerVerifier(publicKey: publicKey)
        for entry in entries { try verifier.check(entry) }
        try verifier.finish()
        return (verifier.entries, verifier.blocks)
    }
}

/// The ledger does not verify: the first broken entry and why.
public struct LedgerBroken: GreenParkError {
    public var sequence: Int64
    public var reason: String

    public init(sequence: Int64, reason: String) {
        self.sequence = sequence
        self.reason = reason
    }

    public var code: String { "ledger.broken" }
    public var message: String { "ledger broken at entry \(sequence): \(reason)" }
    public var isBadInput: Bool { false }
}
