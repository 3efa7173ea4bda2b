import Foundation
import GRDB
import GreenParkCore

/// The default ``ReadingStore``: one SQLite file (through GRDB) in WAL mode, next to the
/// park file unless `--database` says otherwise.
///
/// Readings are stored one row per meter and UTC day (`reading_day`), energy as a blob of
/// little-endian Int64 Wh and quality as a blob of one byte per interval. Every write is
/// one SQLite transaction: a failed or killed import leaves the file as before (WAL
/// recovery discards an uncommitted transaction on the next open).
public final class SQLiteReadingStore: ReadingStore {
    /// The database connection pool.
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreFailure(path: path, reason: error.message ?? "\(error)")
        }
    }

    public func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let transaction = try SQLiteTransaction(db)
                    result = try body(transaction)
                    return .commit
                }
                return result!
            }
        }
    }

    public func days(meter: String, in days: Range<Int64>) throws -> [DayBlock] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.day, d.energy, d.quality FROM reading_day d JOIN meter m ON m.id = d.meter_id
                WHERE m.code = ? AND d.day >= ? AND d.day < ? ORDER BY d.day
                """, arguments: [meter, days.lowerBound, days.upperBound])
            return rows.map { SQLiteTransaction.block(meter: meter, day: $0[0], energy: $0[1], quality: $0[2]) }
        }
    }

    public func parkIdentity() throws -> StoredParkIdentity? {
        try pool.read { try SQLiteTransaction.identity($0) }
    }

    public func meterSpans() throws -> [MeterSpan] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.code, MIN(d.day), MAX(d.day), COUNT(*) FROM reading_day d JOIN meter m ON m.id = d.meter_id
                GROUP BY m.code ORDER BY m.code
                """).map { MeterSpan(meter: $0[0], firstDay: $0[1], lastDay: $0[2], dayCount: $0[3]) }
        }
    }

    public func imports() throws -> [ImportRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import ORDER BY id").map(SQLiteTransaction.importRecord)
        }
    }

    public func revisions() throws -> [RevisionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM revision ORDER BY id").map { row in
                RevisionRecord(
                    importId: row["import_id"], meter: row["meter_code"], intervalStart: Timestamp(seconds: row["interval_start"]),
                    oldEnergyWh: row["old_energy_wh"], oldQuality: Quality(rawValue: row["old_quality"]) ?? .missing,
                    newEnergyWh: row["new_energy_wh"], newQuality: Quality(rawValue: row["new_quality"]) ?? .missing)
            }
        }
    }
}

/// The SQLite file cannot be opened or migrated.
public struct StoreFailure: GreenParkError {
    public var path: String
    public var reason: String
    public var code: String { "store.unavailable" }
    public var message: String { "\(path): cannot open the store: \(reason)" }
    public var isBadInput: Bool { false }
}
