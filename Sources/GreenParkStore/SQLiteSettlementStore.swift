import Foundation
import GRDB
import GreenParkCore

/// Settlement runs and their documents in a park's SQLite store (docs/settlement.md).
public final class SQLiteSettlementStore: SettlementStore {
    public let database: SQLiteDatabase
    var pool: DatabasePool { database.pool }

    public init(database: SQLiteDatabase) { self.database = database }

    /// Stores a preview of `month`, replacing the previous preview.
    public func savePreview(month: String, snapshot: String, result: String, at time: Timestamp) throws -> Int64 {
        try database.exclusive { db in
            try db.execute(sql: "DELETE FROM settlement_run WHERE month = ? AND status = 'preview'", arguments: [month])
            try db.execute(sql: "INSERT INTO settlement_run (month, version, status, created_at, snapshot, result) VALUES (?, NULL, 'preview', ?, ?, ?)",
                           arguments: [month, time.seconds, snapshot, result])
            return db.lastInsertedRowID
        }
    }

    /// Stores a final run of `month` as the next version and issues the documents of
    /// `revision`, all in one transaction: per changed member a credit note cancelling its
    /// current invoice (if it has one) and, unless it is gone, an invoice replacing it, both
    /// numbered in the year's sequence without gaps; per changed generator a statement
    /// replacing its current one. Callers store nothing when ``SettlementRevision/isUnchanged``.
    public func saveFinal(month: String, year: Int, parkId: String, revision: SettlementRevision, snapshot: String,
                          result: String, at time: Timestamp) throws -> StoredSettlement {
        try database.exclusive { db in
            let last = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM settlement_run WHERE month = ?",
                                        arguments: [month])
            let version = (last ?? 0) + 1
            var current = try Self.current(db, month: month)
            try db.execute(sql: "DELETE FROM settlement_run WHERE month = ? AND status = 'preview'", arguments: [month])
            try db.execute(sql: """
                INSERT INTO settlement_run (month, version, status, created_at, snapshot, result)
                VALUES (?, ?, 'final', ?, ?, ?)
                """, arguments: [month, version, time.seconds, snapshot, result])
            let id = db.lastInsertedRowID
            var seq = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM invoice WHERE year = ?", arguments: [year]) ?? 0
            var documents: [SettlementDocument] = [], invoices: [String: String] = [:]
            func issue(_ kind: SettlementDocument.Kind, _ member: String, cancels: String?,
                       replaces: String?) throws -> String {
                seq += 1
                let number = "\(parkId)-\(year)-" + String(repeating: "0", count: max(0, 5 - String(seq).count)) + String(seq)
                try db.execute(sql: """
                    INSERT INTO invoice (number, year, seq, run_id, member, kind, cancels, replaces)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [number, year, seq, id, member, kind.rawValue, cancels, replaces])
                documents.append(SettlementDocument(number: number, kind: kind, party: member, cancels: cancels,
                                                    replaces: replaces))
                return number
            }
            for member in revision.changedMembers {
                let old = current.invoices[member]
                if let old { _ = try issue(.creditNote, member, cancels: old, replaces: nil) }
                if !revision.goneMembers.contains(member) {
                    invoices[member] = try issue(.invoice, member, cancels: nil, replaces: old)
                }
            }
            for generator in revision.changedGenerators {
                let name = version == 1 ? "\(month)-\(generator)" : "\(month)-\(generator)-v\(version)"
                let old = current.statements[generator]
                try db.execute(sql: """
                    INSERT INTO settlement_statement (name, run_id, generator, replaces) VALUES (?, ?, ?, ?)
                    """, arguments: [name, id, generator, old])
                documents.append(SettlementDocument(number: name, kind: .statement, party: generator, cancels: nil,
                                                    replaces: old))
                current.statements[generator] = name
            }
            return StoredSettlement(id: id, month: month, version: version, createdAt: time, snapshot: snapshot,
                                    result: result, invoices: invoices, documents: documents)
        }
    }

    /// The final runs of `month`, oldest first, each with the documents it issued.
    public func finalSettlements(month: String) throws -> [StoredSettlement] {
        try pool.read { db in
            let runs = try Row.fetchAll(db, sql: """
                SELECT * FROM settlement_run WHERE month = ? AND status = 'final' ORDER BY version
                """, arguments: [month])
            return try runs.map { row in
                let id: Int64 = row["id"]
                let issued = try Row.fetchAll(db, sql: "SELECT * FROM invoice WHERE run_id = ? ORDER BY seq",
                                              arguments: [id])
                var documents = issued.map { r in
                    SettlementDocument(number: r["number"], kind: .init(rawValue: r["kind"]) ?? .invoice,
                                       party: r["member"], cancels: r["cancels"], replaces: r["replaces"])
                }
                let statements = try Row.fetchAll(db, sql: """
                    SELECT * FROM settlement_statement WHERE run_id = ? ORDER BY rowid
                    """, arguments: [id])
                documents += statements.map { r in
                    SettlementDocument(number: r["name"], kind: .statement, party: r["generator"], cancels: nil,
                                       replaces: r["replaces"])
                }
                let invoices = documents.filter { $0.kind == .invoice }.map { ($0.party, $0.number) }
                return StoredSettlement(id: id, month: row["month"], version: row["version"],
                                        createdAt: Timestamp(seconds: row["created_at"]), snapshot: row["snapshot"],
                                        result: row["result"], invoices: Dictionary(invoices, uniquingKeysWith: { $1 }),
                                        documents: documents)
            }
        }
    }

    /// The documents of `month` in force: per member its latest invoice that no credit note
    /// cancels, per generator its latest statement.
    public func currentSettlementDocuments(month: String) throws
        -> (invoices: [String: String], statements: [String: String]) {
        try pool.read { db in try Self.current(db, month: month) }
    }

    static func current(_ db: Database, month: String) throws
        -> (invoices: [String: String], statements: [String: String]) {
        var invoices: [String: String] = [:], statements: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.member, i.number FROM invoice i JOIN settlement_run r ON r.id = i.run_id
            WHERE r.month = ? AND i.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.cancels = i.number)
            ORDER BY i.seq
            """, arguments: [month]) {
            invoices[row[0]] = row[1]
        }
        let runs = try Row.fetchAll(db, sql: """
            SELECT r.id, r.result, (SELECT COUNT(*) FROM settlement_statement s WHERE s.run_id = r.id) AS statements
            FROM settlement_run r WHERE r.month = ? AND r.status = 'final' ORDER BY r.version
            """, arguments: [month])
        for run in runs {
            let id: Int64 = run["id"]
            let sql = "SELECT generator, name FROM settlement_statement WHERE run_id = ? ORDER BY rowid"
            for row in try Row.fetchAll(db, sql: sql, arguments: [id]) {
                statements[row[0]] = row[1]
            }
        }
        // Runs stored before statements were recorded ("v6: settlement corrections") named
        // every generator's statement `<month>-<generator>`.
        if let first = runs.first, (first["statements"] as Int64) == 0 {
            for generator in legacyGenerators(first["result"]) where statements[generator] == nil {
                statements[generator] = "\(month)-\(generator)"
            }
        }
        return (invoices, statements)
    }

    /// The generator ids of a stored result (for runs stored before statements were recorded).
    static func legacyGenerators(_ result: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any]
        else { return [] }
        return (object["generators"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

extension SQLiteSettlementStore {
    public func lockSettlements() throws -> SettlementLockToken { try FileLock(path: database.path + ".settle.lock") }
}

/// An exclusive lock held through an open file with `flock`; the system drops it when the
/// process ends, so a killed settlement never leaves the park locked.
final class FileLock: SettlementLockToken {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw StoreFailure(path: path, reason: "cannot open the lock file") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SettlementLocked(lock: path)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
