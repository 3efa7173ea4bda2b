import Foundation
import GRDB
import GreenParkCore

/// Allocation results of a park's SQLite store: one row per run and one blob per member
/// and generator over the period.
public final class SQLiteAllocationStore: AllocationStore {
    public let database: SQLiteDatabase
    var pool: DatabasePool { database.pool }

    public init(database: SQLiteDatabase) { self.database = database }

    public func saveAllocation(_ record: AllocationRecord, outcome: AllocationOutcome, park: Park) throws -> AllocationSaveResult {
        try database.exclusive { db in
            let previous = try Row.fetchOne(db, sql: "SELECT id, input_digest FROM allocation_run WHERE period_from = ? AND period_to = ?",
                                            arguments: [record.from.seconds, record.to.seconds])
            if let previous, previous["input_digest"] as String == record.inputDigest {
                return .unchanged(id: previous["id"])
            }
            if let previous {
                try db.execute(sql: "DELETE FROM allocation_series WHERE run_id = ?", arguments: [previous["id"] as Int64])
                try db.execute(sql: "DELETE FROM allocation_run WHERE id = ?", arguments: [previous["id"] as Int64])
            }
            let excluded = Data((0..<outcome.intervalCount).map { t in outcome.excluded.isEmpty || !outcome.excluded[t] ? UInt8(0) : 1 })
            try db.execute(sql: """
                INSERT INTO allocation_run (period_from, period_to, key, gap_policy, intervals, skipped_intervals, created_at, input_digest, excluded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.from.seconds, record.to.seconds, record.key, record.gapPolicy, record.intervals,
                                 record.skippedIntervals, record.createdAt.seconds, record.inputDigest, excluded])
            let id = db.lastInsertedRowID
            let statement = try db.makeStatement(sql: "INSERT INTO allocation_series (run_id, member_id, generator_id, energy) VALUES (?, ?, ?, ?)")
            var series = [Int64](repeating: 0, count: outcome.intervalCount)
            for (i, member) in park.members.enumerated() {
                for (j, generator) in park.generators.enumerated() {
                    for t in 0..<outcome.intervalCount { series[t] = outcome.allocated(interval: t, member: i, generator: j).littleEndian }
                    let blob = series.withUnsafeBytes { Data($0) }
                    try statement.execute(arguments: [id, member.id, generator.id, blob])
                }
            }
            if let previous { return .replaced(id: id, previous: previous["id"]) }
            return .stored(id: id)
        }
    }

    public func allocationRuns() throws -> [AllocationRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM allocation_run ORDER BY id").map { row in
                AllocationRecord(
                    id: row["id"], from: Timestamp(seconds: row["period_from"]), to: Timestamp(seconds: row["period_to"]),
                    key: row["key"], gapPolicy: row["gap_policy"], intervals: row["intervals"],
                    skippedIntervals: row["skipped_intervals"], createdAt: Timestamp(seconds: row["created_at"]),
                    inputDigest: row["input_digest"])
            }
        }
    }
}
