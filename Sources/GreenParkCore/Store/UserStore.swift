/// Where the server's users are kept: who each is and the SHA-256 of its token, never the
/// token itself.
public protocol UserStore: AnyObject, Sendable {
    /// Stores a new user; its id is assigned by the store.
    func addUser(name: String, role: Role, subject: String?, tokenHash: String, expiresAt: Timestamp?,
                 at time: Timestamp) throws -> UserRecord

    /// The user whose token hashes to `tokenHash`, revoked or expired ones included.
    func user(tokenHash: String) throws -> UserRecord?

    /// Every user, oldest first.
    func users() throws -> [UserRecord]

    /// Revokes user `id`'s token from `time` on (a revoked token stays revoked); nil when
    /// there is no such user.
    func revokeUser(id: Int64, at time: Timestamp) throws -> UserRecord?
}
