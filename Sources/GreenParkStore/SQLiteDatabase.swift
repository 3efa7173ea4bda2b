import Foundation
import GRDB
import GreenParkCore

/// One park's SQLite file (through GRDB) in WAL mode, migrated to the current schema: the
/// database that the aggregate stores (``SQLiteReadingStore``, ``SQLiteAllocationStore``,
/// ``SQLiteCertificateStore``, ``SQLiteSettlementStore``) share, as GRDB's `AppDatabase`
/// owns its migrations.
public final class SQLiteDatabase: Sendable {
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
                            // Test hook: hold the transaction so that a second command meets it; the
                            // marker file, when named, tells a test that the hold has begun.
                            if let marker = ProcessInfo.processInfo.environment["GREENPARK_HOLD_WRITE_MARKER"] {
                                _ = FileManager.default.createFile(atPath: marker, contents: nil)
                            }
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

    /// Every row of every table as text, tables by name and rows sorted: two stores hold
    /// the same data exactly when their contents are equal. For checks that a refused
    /// input changed nothing (the fuzzer, tests); it reads the whole store.
    public func contents() throws -> [String] {
        try pool.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var lines: [String] = []
            for table in tables {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
                lines += rows.map { row in table + "|" + row.databaseValues.map(\.description).joined(separator: "|") }
                    .sorted()
            }
            return lines
        }
    }

    /// The store's aggregates over this database.
    public var stores: ParkStores {
        ParkStores(readings: SQLiteReadingStore(database: self), allocations: SQLiteAllocationStore(database: self),
                   certificates: SQLiteCertificateStore(database: self), settlements: SQLiteSettlementStore(database: self),
                   users: SQLiteUserStore(database: self), accessLog: SQLiteAccessLogStore(database: self),
                   ingestKeys: SQLiteIngestKeyStore(database: self),
                   demandResponse: SQLiteDemandResponseStore(database: self))
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
