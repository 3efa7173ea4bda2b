import Foundation
import GRDB
import GreenParkCore

/// The ledger's party index (``LedgerParty``, tables `ledger_party` and `ledger_issue_span`,
/// migration "v9: ledger parties"), filled as entries are appended, and the reads an
/// evidence pack makes: one member's entries of a period, a block's entries and seal, one
/// owner's certificate ranges, without reading the whole ledger or registry.
extension SQLiteCertificateStore {
    /// Indexes appended entries inside the write transaction that stores them.
    static func indexParties(_ entries: [LedgerEntry], _ db: Database) throws {
        let find = try DirectStatementQuery(
            db,
            sql: """
                SELECT first_serial, last_serial, device, produced_from, produced_to FROM ledger_issue_span
                WHERE prefix = ? AND first_serial <= ? ORDER BY first_serial DESC LIMIT 1
                """)
        var indexer = LedgerPartyIndexer { prefix, serial in
            guard let row = try find.row(prefix, serial), (row[1] as Int64) >= serial else { return nil }
            return LedgerIssueSpan(
                prefix: prefix, firstSerial: row[0], lastSerial: row[1], device: row[2],
                producedFrom: Timestamp(seconds: row[3]), producedTo: Timestamp(seconds: row[4]))
        }
        let span = try DirectStatement(
            db,
            sql: """
                INSERT OR IGNORE INTO ledger_issue_span
                    (prefix, first_serial, last_serial, device, produced_from, produced_to)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        let party = try DirectStatement(
            db,
            sql: """
                INSERT OR IGNORE INTO ledger_party (party, produced_from, seq, produced_to) VALUES (?, ?, ?, ?)
                """)
        for entry in entries {
            let (issued, parties) = try indexer.index(entry)
            if let s = issued {
                span.text(1, s.prefix)
                span.integer(2, s.firstSerial)
                span.integer(3, s.lastSerial)
                span.text(4, s.device)
                span.integer(5, s.producedFrom.seconds)
                span.integer(6, s.producedTo.seconds)
                try span.step()
            }
            for p in parties {
                party.text(1, p.party)
                party.integer(2, p.producedFrom.seconds)
                party.integer(3, p.sequence)
                party.integer(4, p.producedTo.seconds)
                try party.step()
            }
        }
    }

    /// Fills the index from the stored ledger (the migration, for stores from before it), in
    /// batches of `batch` entries. A split is indexed under the redemption that follows it, so
    /// splits at the end of a batch wait for the next one.
    static func backfillParties(_ db: Database, batch size: Int64 = 8192) throws {
        var next: Int64 = 0, waiting: [LedgerEntry] = []
        while true {
            let batch = try Self.entries(next...(next + size - 1), db)
            guard let last = batch.last else { return try indexParties(waiting, db) }
            let all = waiting + batch
            let cut = Self.endBeforeTrailingSplits(all)
            try indexParties(Array(all[..<cut]), db)
            waiting = Array(all[cut...])
            next = last.sequence + 1
        }
    }

    /// Where the run of split entries at the end of `entries` begins (its count when none).
    static func endBeforeTrailingSplits(_ entries: [LedgerEntry]) -> Int {
        var cut = entries.count
        while cut > 0 && entries[cut - 1].kind == .split { cut -= 1 }
        return cut
    }

    public func ledgerSequences(party: String, producedFrom from: Timestamp, to: Timestamp) throws -> [Int64] {
        try pool.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT seq FROM ledger_party
                    WHERE party = ? AND produced_from < ? AND produced_to > ? ORDER BY seq
                    """, arguments: [party, to.seconds, from.seconds])
        }
    }

    public func ledgerEntries(_ range: ClosedRange<Int64>) throws -> [LedgerEntry] {
        try pool.read { try Self.entries(range, $0) }
    }

    /// Every agreement entry, through the partial index of migration v10.
    public func agreementEntries() throws -> [LedgerEntry] {
        try pool.read { db in
            try Self.entries(Row.fetchAll(db, sql: """
                SELECT seq, kind, time, data, prev, hash FROM ledger_entry INDEXED BY ledger_agreement
                WHERE kind = 'agreement' ORDER BY seq
                """))
        }
    }

    static func entries(_ range: ClosedRange<Int64>, _ db: Database) throws -> [LedgerEntry] {
        try entries(Row.fetchAll(
            db,
            sql: "SELECT seq, kind, time, data, prev, hash FROM ledger_entry WHERE seq BETWEEN ? AND ? ORDER BY seq",
            arguments: [range.lowerBound, range.upperBound]))
    }

    static func entries(_ rows: [Row]) -> [LedgerEntry] {
        rows.map { row in
            let kindName: String = row[1]
            let data: Data = row[3]
            return LedgerEntry(
                sequence: row[0], kind: LedgerEntry.Kind(rawValue: kindName) ?? .seal,
                time: Timestamp(seconds: row[2]), dataBytes: [UInt8](data), previous: row[4], hash: row[5])
        }
    }

    public func ledgerSeal(atOrAfter sequence: Int64) throws -> LedgerEntry? {
        try pool.read { db in
            guard
                let seq = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT seq FROM ledger_entry WHERE seq >= ? AND kind = 'seal' ORDER BY seq LIMIT 1
                        """, arguments: [sequence])
            else { return nil }
            return try Self.entries(seq...seq, db).first
        }
    }

    public func certificateRanges(parkId: String, owner: String) throws -> [CertificateRange] {
        try pool.read { db in
            var issues = IssueCache(parkId: parkId)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT issue, first_serial, last_serial, owner, statement, withdrawn, cancelled FROM certificate_range
                    WHERE owner = ? ORDER BY issue, first_serial
                    """, arguments: [owner]
            ).compactMap { row in try issues.issue(row[0], db).map { Self.range(row, issue: $0) } }
        }
    }
}

/// A prepared one-row query, reused for every lookup of an append.
final class DirectStatementQuery {
    let statement: Statement

    init(_ db: Database, sql: String) throws { statement = try db.makeStatement(sql: sql) }

    func row(_ arguments: any DatabaseValueConvertible...) throws -> Row? {
        try Row.fetchOne(statement, arguments: StatementArguments(arguments))
    }
}
