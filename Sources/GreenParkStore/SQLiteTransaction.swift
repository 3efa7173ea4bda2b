import Foundation
import GRDB
import GreenParkCore

/// ``ReadingStoreTransaction`` on an open GRDB write transaction.
final class SQLiteTransaction: ReadingStoreTransaction {
    let db: Database
    private var meterIds: [String: Int64]

    init(_ db: Database) throws {
        self.db = db
        meterIds = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, code FROM meter") {
            meterIds[row[1]] = row[0]
        }
    }

    private func meterId(_ code: String, create: Bool) throws -> Int64? {
        if let id = meterIds[code] { return id }
        guard create else { return nil }
        try db.execute(sql: "INSERT INTO meter (code) VALUES (?)", arguments: [code])
        let id = db.lastInsertedRowID
        meterIds[code] = id
        return id
    }

    func day(meter: String, day: Int64) throws -> DayBlock? {
        guard let id = try meterId(meter, create: false) else { return nil }
        let statement = try db.cachedStatement(sql: "SELECT energy, quality FROM reading_day WHERE meter_id = ? AND day = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id, day]) else { return nil }
        return Self.block(meter: meter, day: day, energy: row[0], quality: row[1])
    }

    func put(_ block: DayBlock) throws {
        let id = try meterId(block.meter, create: true)!
        let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO reading_day (meter_id, day, energy, quality) VALUES (?, ?, ?, ?)")
        let energy = block.energyWh.map { $0.littleEndian }.withUnsafeBytes { Data($0) }
        let quality = Data(block.quality.map(\.rawValue))
        statement.setUncheckedArguments([id, block.day, energy, quality])
        try statement.execute()
    }

    func parkIdentity() throws -> StoredParkIdentity? { try Self.identity(db) }

    func setParkIdentity(_ identity: StoredParkIdentity) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO park_identity (id, park_id, resolution_minutes) VALUES (1, ?, ?)",
                       arguments: [identity.parkId, identity.resolutionMinutes])
    }

    func importRecord(sha256: String) throws -> ImportRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM import WHERE sha256 = ?", arguments: [sha256]).map(Self.importRecord)
    }

    func add(_ record: ImportRecord) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO import (file_name, sha256, format, imported_at, rows, added, replaced, unchanged, estimated, options)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.fileName, record.sha256, record.format, record.importedAt.seconds, record.rows,
                             record.added, record.replaced, record.unchanged, record.estimated, record.options])
        return db.lastInsertedRowID
    }

    func add(_ revisions: [RevisionRecord]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO revision (import_id, meter_code, interval_start, old_energy_wh, old_quality, new_energy_wh, new_quality)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for r in revisions {
            try statement.execute(arguments: [r.importId, r.meter, r.intervalStart.seconds, r.oldEnergyWh,
                                              Int(r.oldQuality.rawValue), r.newEnergyWh, Int(r.newQuality.rawValue)])
        }
    }

    static func identity(_ db: Database) throws -> StoredParkIdentity? {
        try Row.fetchOne(db, sql: "SELECT park_id, resolution_minutes FROM park_identity WHERE id = 1").map {
            StoredParkIdentity(parkId: $0[0], resolutionMinutes: $0[1])
        }
    }

    static func importRecord(_ row: Row) -> ImportRecord {
        ImportRecord(
            id: row["id"], fileName: row["file_name"], sha256: row["sha256"], format: row["format"],
            importedAt: Timestamp(seconds: row["imported_at"]), rows: row["rows"], added: row["added"],
            replaced: row["replaced"], unchanged: row["unchanged"], estimated: row["estimated"], options: row["options"])
    }

    static func block(meter: String, day: Int64, energy: Data, quality: Data) -> DayBlock {
        var values = [Int64](repeating: 0, count: energy.count / 8)
        values.withUnsafeMutableBytes { _ = energy.copyBytes(to: $0) }
        for i in values.indices { values[i] = Int64(littleEndian: values[i]) }
        return DayBlock(meter: meter, day: day, energyWh: values, quality: quality.map { Quality(rawValue: $0) ?? .missing })
    }
}
