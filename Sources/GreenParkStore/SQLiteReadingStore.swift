import Foundation
import GRDB
import GreenParkCore

/// The readings of a park's SQLite store (``SQLiteDatabase``), next to the park file unless
/// `--database` says otherwise.
///
/// Readings are stored one row per meter and UTC day (`reading_day`), energy as a blob of
/// little-endian Int64 Wh and quality as a blob of one byte per interval. Every write is
/// one SQLite transaction: a failed or killed import leaves the file as before (WAL
/// recovery discards an uncommitted transaction on the next open).
public final class SQLiteReadingStore: ReadingStore {
    public let database: SQLiteDatabase
    var pool: DatabasePool { database.pool }
    public var path: String { database.path }

    public init(database: SQLiteDatabase) { self.database = database }

    /// Opens (creating if needed) the store at `path`: its readings (the other aggregates
    /// share the database through ``SQLiteDatabase/stores``).
    public convenience init(path: String) throws { self.init(database: try SQLiteDatabase(path: path)) }

    public func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T {
        try database.exclusive { db in try body(try SQLiteTransaction(db)) }
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

    public func registerStates() throws -> [MeterRegisterState] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM meter_register_state ORDER BY meter").map(SQLiteTransaction.state)
        }
    }

    public func meterEvents(meter: String?, limit: Int) throws -> [MeterEventRecord] {
        try pool.read { db in
            let filter = meter == nil ? "" : "WHERE meter = ?"
            let arguments: StatementArguments = meter.map { [$0, max(0, limit)] } ?? [max(0, limit)]
            return try Row.fetchAll(db, sql: "SELECT * FROM meter_event \(filter) ORDER BY at_ms DESC, id DESC LIMIT ?",
                                    arguments: arguments).map { row in
                MeterEventRecord(
                    meter: row["meter"], atMillis: row["at_ms"],
                    kind: MeterEventRecord.Kind(rawValue: row["kind"]) ?? .ignored, energyWh: row["energy_wh"],
                    detail: row["detail"])
            }
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
