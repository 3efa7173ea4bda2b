import Foundation
import GRDB
import GreenParkCore

/// A stored settlement run.
public struct StoredSettlement: Sendable, Equatable {
    public var id: Int64
    public var month: String
    /// nil for a preview.
    public var version: Int?
    public var createdAt: Timestamp
    public var snapshot: String
    public var result: String
    /// Invoice number per member (final runs).
    public var invoices: [String: String]
}

extension SQLiteReadingStore {
    /// Stores a preview of `month`, replacing the previous preview.
    public func savePreview(month: String, snapshot: String, result: String, at time: Timestamp) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM settlement_run WHERE month = ? AND status = 'preview'", arguments: [month])
            try db.execute(sql: "INSERT INTO settlement_run (month, version, status, created_at, snapshot, result) VALUES (?, NULL, 'preview', ?, ?, ?)",
                           arguments: [month, time.seconds, snapshot, result])
            return db.lastInsertedRowID
        }
    }

    /// Stores a final run of `month` as the next version and numbers one invoice per
    /// member, continuing the year's sequence without gaps; all in one transaction.
    public func saveFinal(month: String, year: Int, parkId: String, members: [String], snapshot: String, result: String, at time: Timestamp) throws -> StoredSettlement {
        try pool.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM settlement_run WHERE month = ?", arguments: [month]) ?? 0) + 1
            try db.execute(sql: "DELETE FROM settlement_run WHERE month = ? AND status = 'preview'", arguments: [month])
            try db.execute(sql: "INSERT INTO settlement_run (month, version, status, created_at, snapshot, result) VALUES (?, ?, 'final', ?, ?, ?)",
                           arguments: [month, version, time.seconds, snapshot, result])
            let id = db.lastInsertedRowID
            var seq = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM invoice WHERE year = ?", arguments: [year]) ?? 0
            var invoices: [String: String] = [:]
            for member in members {
                seq += 1
                let number = "\(parkId)-\(year)-" + String(repeating: "0", count: max(0, 5 - String(seq).count)) + String(seq)
                try db.execute(sql: "INSERT INTO invoice (number, year, seq, run_id, member) VALUES (?, ?, ?, ?, ?)", arguments: [number, year, seq, id, member])
                invoices[member] = number
            }
            return StoredSettlement(id: id, month: month, version: version, createdAt: time, snapshot: snapshot, result: result, invoices: invoices)
        }
    }

    /// The final runs of `month`, oldest first.
    public func finalSettlements(month: String) throws -> [StoredSettlement] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM settlement_run WHERE month = ? AND status = 'final' ORDER BY version", arguments: [month]).map { row in
                let id: Int64 = row["id"]
                let invoices = try Row.fetchAll(db, sql: "SELECT member, number FROM invoice WHERE run_id = ?", arguments: [id])
                return StoredSettlement(id: id, month: row["month"], version: row["version"], createdAt: Timestamp(seconds: row["created_at"]),
                                        snapshot: row["snapshot"], result: row["result"],
                                        invoices: Dictionary(uniqueKeysWithValues: invoices.map { ($0[0] as String, $0[1] as String) }))
            }
        }
    }
}
