import GRDB
import GreenParkCore

/// Idempotency keys of batch ingest in a park's SQLite store (table `ingest_key`, migration v10).
public final class SQLiteIngestKeyStore: IngestKeyStore {
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func ingestKey(_ key: String, userId: Int64) throws -> IngestKey? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT key, user_id, sha256, import_id, created_at FROM ingest_key WHERE user_id = ? AND key = ?
                """, arguments: [userId, key]).map { row in
                IngestKey(key: row[0], userId: row[1], sha256: row[2], importId: row[3],
                          createdAt: Timestamp(seconds: row[4]))
            }
        }
    }

    public func saveIngestKey(_ key: IngestKey) throws {
        try database.exclusive { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO ingest_key (user_id, key, sha256, import_id, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [key.userId, key.key, key.sha256, key.importId, key.createdAt.seconds])
        }
    }
}
