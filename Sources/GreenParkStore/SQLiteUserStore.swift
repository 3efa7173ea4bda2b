import GRDB
import GreenParkCore

/// The server's users in a park's SQLite store (table `app_user`, migration v10).
public final class SQLiteUserStore: UserStore {
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func addUser(name: String, role: Role, subject: String?, tokenHash: String, expiresAt: Timestamp?,
                        at time: Timestamp) throws -> UserRecord {
        _ = try Principal(userId: 0, name: name, role: role, subject: subject)
        return try database.exclusive { db in
            try db.execute(sql: """
                INSERT INTO app_user (name, role, subject, token_sha256, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, role.rawValue, subject, tokenHash, time.seconds, expiresAt?.seconds])
            return UserRecord(id: db.lastInsertedRowID, name: name, role: role, subject: subject, tokenHash: tokenHash,
                              createdAt: time, expiresAt: expiresAt, revokedAt: nil)
        }
    }

    public func user(tokenHash: String) throws -> UserRecord? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "\(Self.select) WHERE token_sha256 = ?", arguments: [tokenHash]).map(Self.user)
        }
    }

    public func users() throws -> [UserRecord] {
        try database.pool.read { db in try Row.fetchAll(db, sql: "\(Self.select) ORDER BY id").map(Self.user) }
    }

    public func revokeUser(id: Int64, at time: Timestamp) throws -> UserRecord? {
        try database.exclusive { db in
            try db.execute(sql: "UPDATE app_user SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                           arguments: [time.seconds, id])
            return try Row.fetchOne(db, sql: "\(Self.select) WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    static let select = """
        SELECT id, name, role, subject, token_sha256, created_at, expires_at, revoked_at FROM app_user
        """

    static func user(_ row: Row) -> UserRecord {
        let role: String = row[2]
        let expires: Int64? = row[6], revoked: Int64? = row[7]
        return UserRecord(id: row[0], name: row[1], role: Role(rawValue: role) ?? .verifier, subject: row[3],
                          tokenHash: row[4], createdAt: Timestamp(seconds: row[5]),
                          expiresAt: expires.map(Timestamp.init(seconds:)),
                              revokedAt: revoked.map(Timestamp.init(seconds:)))
    }
}
