import Foundation
import GRDB
import GreenParkCore

extension SQLiteCertificateStore {
    public func appendLedger(_ entries: [LedgerEntry]) throws {
        try database.exclusive { try Self.appendLedger(entries, $0) }
    }

    /// Appends inside an open write transaction (so registry changes and their ledger
    /// entries are stored together).
    static func appendLedger(_ entries: [LedgerEntry], _ db: Database) throws {
        guard !entries.isEmpty else { return }
        let head = try Self.head(db)
        guard entries[0].sequence == head.nextSequence, entries[0].previous == head.lastHash else {
            throw LedgerBroken(sequence: entries[0].sequence, reason: "the new entries do not continue the stored ledger (it ends at \(head.nextSequence - 1))")
        }
        let insert = try DirectStatement(db, sql: "INSERT INTO ledger_entry (seq, kind, time, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?)")
        for entry in entries {
            insert.integer(1, entry.sequence)
            insert.text(2, entry.kind.rawValue)
            insert.integer(3, entry.time.seconds)
            insert.blob(4, entry.dataBytes)
            insert.text(5, entry.previous)
            insert.text(6, entry.hash)
            try insert.step()
        }
        try indexParties(entries, db)
    }

    /// The public key (hex) in the last block seal, or nil for an empty ledger.
    public func lastSealKey() throws -> String? {
        try pool.read { try Self.sealKey($0) }
    }

    /// Refuses `key` when the ledger was sealed with another one (before anything is written).
    public func checkSigningKey(_ key: OperatorKey) throws {
        try pool.read { try Self.checkKey(key, $0) }
    }

    static func sealKey(_ db: Database) throws -> String? {
        guard let data = try Data.fetchOne(
                db, sql: "SELECT data FROM ledger_entry WHERE kind = 'seal' ORDER BY seq DESC LIMIT 1"),
              case .object(let object) = CanonicalJSON.parse([UInt8](data)), case .string(let key) = object["key"] else {
            return nil
        }
        return key
    }

    public func ledgerHead() throws -> LedgerAppender.Head {
        try pool.read { try Self.head($0) }
    }

    static func head(_ db: Database) throws -> LedgerAppender.Head {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1") else { return .empty }
        // Every batch ends with a seal, so the last seal is found at once (no count over the
        // whole ledger); its block number is the last block's.
        var blocks: Int64 = 0
        if let seal = try Data.fetchOne(db, sql: "SELECT data FROM ledger_entry WHERE kind = 'seal' ORDER BY seq DESC LIMIT 1"),
           case .object(let data) = CanonicalJSON.parse([UInt8](seal)), case .integer(let block) = data["block"] {
            blocks = block + 1
        }
        return LedgerAppender.Head(nextSequence: (row[0] as Int64) + 1, lastHash: row[1], nextBlock: blocks)
    }

    public func forEachLedgerBatch(size: Int, _ body: ([LedgerEntry]) throws -> Void) throws {
        try pool.read { db in
            let cursor = try DirectCursor(db, sql: "SELECT seq, kind, time, data, prev, hash FROM ledger_entry ORDER BY seq")
            var batch: [LedgerEntry] = []
            batch.reserveCapacity(size)
            while try cursor.next() {
                batch.append(LedgerEntry(
                    sequence: cursor.integer(0), kind: LedgerEntry.Kind(rawValue: cursor.text(1)) ?? .seal,
                    time: Timestamp(seconds: cursor.integer(2)), dataBytes: cursor.bytes(3), previous: cursor.text(4),
                    hash: cursor.text(5)))
                if batch.count == size {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }
}
