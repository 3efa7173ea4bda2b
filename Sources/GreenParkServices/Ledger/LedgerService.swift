import Foundation
import GreenParkCore
import GreenParkFormats

/// The certificate ledger: verification (every hash, link and seal, and, for a store, the
/// registry against a replay of the ledger) and export (docs/ledger.md).
public struct LedgerService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// What a verification found: entries and blocks checked.
    public struct Verified: Sendable {
        public var entries: Int
        public var blocks: Int
    }

    /// Verifies the stored ledger with `publicKey` (or the key of its first seal), then
    /// replays it and checks the registry and statements against it (``RegistryMismatch``).
    public func verify(publicKey: OperatorPublicKey?) throws -> Verified {
        let store = context.stores.certificates
        var verifier = LedgerVerifier(publicKey: publicKey)
        var replay = LedgerReplay()
        try store.forEachLedgerBatch(size: 8192) { batch in
            try verifier.check(batch: batch)
            for entry in batch { try replay.apply(sequence: entry.sequence, kind: entry.kind, data: entry.data) }
        }
        try verifier.finish()
        let parkId = context.park.settings.id
        let problems = replay.problems(registry: try store.loadRegistry(parkId: parkId),
                                       statements: try store.redemptionStatements(parkId: parkId))
        guard problems.isEmpty else { throw RegistryMismatch(problems: problems) }
        return Verified(entries: verifier.entries, blocks: verifier.blocks)
    }

    /// Verifies the store's ledger against the park's recorded operator key (none recorded:
    /// the seals' own key, as ``verify(publicKey:)`` with nil).
    public func verifyWithRecordedKey() throws -> Verified {
        try verify(publicKey: try context.stores.certificates.operatorKey().flatMap { OperatorPublicKey(hex: $0) })
    }

    /// Verifies an exported ledger (JSON Lines): the chain and the signatures.
    public static func verify(file: String, publicKey: OperatorPublicKey?) throws -> Verified {
        var verifier = LedgerVerifier(publicKey: publicKey)
        try LedgerFile.verify(path: file, with: &verifier)
        try verifier.finish()
        return Verified(entries: verifier.entries, blocks: verifier.blocks)
    }

    /// Writes the ledger as JSON Lines to `handle`; returns the number of entries.
    @discardableResult
    public func export(to handle: FileHandle) throws -> Int { try LedgerFile.export(context.stores.certificates, to: handle) }
}

/// The stored registry is not what the ledger says.
public struct RegistryMismatch: GreenParkError {
    public var problems: [String]
    public var code: String { "ledger.registry-mismatch" }
    public var isBadInput: Bool { false }
    public var message: String {
        (["the ledger verifies, but the store's registry does not match a replay of it:"] + problems.map { "  \($0)" })
            .joined(separator: "\n")
    }
}
