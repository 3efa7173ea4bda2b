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
        // A writer waits this long for another command's transaction to end, then gives up
        // with StoreBusy (GREENPARK_BUSY_TIMEOUT_SECONDS overrides the default of 60 s).
        let wait = ProcessInfo.processInfo.environment["GREENPARK_BUSY_TIMEOUT_SECONDS"].flatMap(Double.init) ?? 60
        configuration.busyMode = .timeout(wait)
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

    /// Runs `body` in one IMMEDIATE write transaction: the store is held against every
    /// other writer (in this process or another) from the first read to the commit, so
    /// what `body` reads is still true when it writes. Another command's transaction makes
    /// it wait, and after the busy timeout fail with ``StoreBusy``; nothing is written
    /// when `body` throws.
    func exclusive<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try withoutActuallyEscaping(body) { body in
                try pool.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        if let seconds = ProcessInfo.processInfo.environment["GREENPARK_HOLD_WRITE_SECONDS"]
                            .flatMap(Double.init) {
                            // Test hook: hold the transaction so that a second command meets it.
                            Thread.sleep(forTimeInterval: seconds)
                        }
                        return .commit
                    }
                    return result!
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreBusy(path: path)
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

/// Another command held the store for longer than the busy timeout.
public struct StoreBusy: GreenParkError {
    public var path: String
    public var code: String { "store.busy" }
    public var message: String {
        "\(path): another command is changing this park's store and did not finish in time; nothing was written. "
            + "Run again when it has finished"
    }
    public var isBadInput: Bool { false }
}

/// The SQLite file cannot be opened or migrated, or a database operation failed.
public struct StoreFailure: GreenParkError {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// A database error as a store failure (`nil` for other errors).
    public init?(_ error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        self.init(path: "the store", reason: "\(error.message ?? "\(error)") (SQLite \(error.resultCode))")
    }

    /// A database error said plainly: ``StoreBusy`` when another command holds the store,
    /// a ``StoreFailure`` otherwise; `nil` for errors that are not the database's.
    public static func problem(_ error: any Error) -> (any GreenParkError)? {
        guard let database = error as? DatabaseError else { return nil }
        if database.resultCode == .SQLITE_BUSY || database.resultCode == .SQLITE_LOCKED {
            return StoreBusy(path: "the store")
        }
        return StoreFailure(error)
    }

    public var code: String { "store.unavailable" }
    public var message: String { "\(path): cannot open the store: \(reason)" }
    public var isBadInput: Bool { false }
}
