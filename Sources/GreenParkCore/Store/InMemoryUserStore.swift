import Synchronization

/// A ``UserStore`` in memory, for tests.
public final class InMemoryUserStore: UserStore {
    private let state = Mutex([UserRecord]())

    public init() {}

    public func addUser(name: String, role: Role, subject: String?, tokenHash: String, expiresAt: Timestamp?,
                        at time: Timestamp) throws -> UserRecord {
        _ = try Principal(userId: 0, name: name, role: role, subject: subject)
        return state.withLock { users in
            let user = UserRecord(id: Int64(users.count + 1), name: name, role: role, subject: subject,
                                  tokenHash: tokenHash, createdAt: time, expiresAt: expiresAt, revokedAt: nil)
            users.append(user)
            return user
        }
    }

    public func user(tokenHash: String) throws -> UserRecord? {
        state.withLock { users in users.first { $0.tokenHash == tokenHash } }
    }

    public func users() throws -> [UserRecord] { state.withLock { $0 } }

    public func revokeUser(id: Int64, at time: Timestamp) throws -> UserRecord? {
        state.withLock { users in
            guard let k = users.firstIndex(where: { $0.id == id }) else { return nil }
            let u = users[k]
            users[k] = UserRecord(id: u.id, name: u.name, role: u.role, subject: u.subject, tokenHash: u.tokenHash,
                                  createdAt: u.createdAt, expiresAt: u.expiresAt, revokedAt: u.revokedAt ?? time)
            return users[k]
        }
    }
}
