/// Where the certificate ledger is kept. Append-only: there is no call to change or delete
/// an entry.
public protocol LedgerStore: AnyObject, Sendable {
    /// Appends sealed entries in one transaction; they must continue the stored chain.
    func appendLedger(_ entries: [LedgerEntry]) throws

    /// The end of the stored ledger, to append after.
    func ledgerHead() throws -> LedgerAppender.Head

    /// Calls `body` with every entry in order, in batches of at most `size` (bounded memory).
    func forEachLedgerBatch(size: Int, _ body: ([LedgerEntry]) throws -> Void) throws

    /// The sequence numbers, ascending, of the entries that concern `party` (a member, or
    /// ``LedgerParty/device(_:)``) whose certificates were produced in a span overlapping
    /// `[from, to)` (the rules: ``LedgerParty``). Reads an index, not the ledger.
    func ledgerSequences(party: String, producedFrom from: Timestamp, to: Timestamp) throws -> [Int64]

    /// The entries numbered `range`, in order (fewer when the ledger ends before).
    func ledgerEntries(_ range: ClosedRange<Int64>) throws -> [LedgerEntry]

    /// The first seal numbered `sequence` or after: the seal of entry `sequence`'s block.
    func ledgerSeal(atOrAfter sequence: Int64) throws -> LedgerEntry?

    /// Every `agreement` entry (data-sharing grants and their revocations), in order.
    func agreementEntries() throws -> [LedgerEntry]
}

extension LedgerStore {
    /// Calls `body` with every entry in order.
    public func forEachLedgerEntry(_ body: (LedgerEntry) throws -> Void) throws {
        try forEachLedgerBatch(size: 4096) { batch in try batch.forEach(body) }
    }

    /// Verifies the whole stored ledger (hashes on both cores).
    public func verifyLedger(publicKey: OperatorPublicKey?) throws -> LedgerVerifier {
        var verifier = LedgerVerifier(publicKey: publicKey)
        try forEachLedgerBatch(size: 8192) { try verifier.check(batch: $0) }
        try verifier.finish()
        return verifier
    }
}
