import GRDB
import GreenParkCore

/// Verifiers' reads in a park's SQLite store (table `verifier_read`, migration v10).
public final class SQLiteAccessLogStore: AccessLogStore {
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func logRead(_ read: VerifierRead) throws {
        try database.exclusive { db in
            try db.execute(sql: """
                INSERT INTO verifier_read (time, verifier, member, grant_seq, resource) VALUES (?, ?, ?, ?, ?)
                """, arguments: [read.time.seconds, read.verifier, read.member, read.grant, read.resource])
        }
    }

    public func verifierReads(member: String, from: Timestamp, to: Timestamp, offset: Int, limit: Int) throws
        -> [VerifierRead] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT time, verifier, member, grant_seq, resource FROM verifier_read
                WHERE member = ? AND time >= ? AND time < ? ORDER BY time, id LIMIT ? OFFSET ?
                """, arguments: [member, from.seconds, to.seconds, limit, offset]).map { row in
                VerifierRead(time: Timestamp(seconds: row[0]), verifier: row[1], member: row[2], grant: row[3],
                             resource: row[4])
            }
        }
    }
}
