import GreenParkCore

/// The server's users (`greenpark users`, docs/server.md): adding one draws a token that is
/// shown once and stored only as its SHA-256; signing in compares hashes in constant time and
/// refuses an unknown, expired or revoked token.
public struct AccessService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// A user just added, with its token (shown once: the store has only the hash).
    public struct NewUser: Sendable {
        public let user: UserRecord
        public let token: String
    }

    /// Adds a user acting as `role` for `subject`: a member or generator of the park, or a
    /// verifier's id; refuses an unknown member or generator and an expiry not in the future.
    public func addUser(name: String, role: Role, subject: String?, expiresAt: Timestamp?) throws -> NewUser {
        let park = context.park, now = context.now()
        _ = try Principal(userId: 0, name: name, role: role, subject: subject)
        if role == .member, let subject, !park.members.contains(where: { $0.id == subject }) {
            throw ServiceError("users.unknown-member", "the park has no member '\(subject)'; members are "
                + park.members.map(\.id).joined(separator: ", "))
        }
        if role == .generator, let subject, !park.generators.contains(where: { $0.id == subject }) {
            throw ServiceError("users.unknown-generator", "the park has no generator '\(subject)'; generators are "
                + park.generators.map(\.id).joined(separator: ", "))
        }
        if let expiresAt, expiresAt <= now {
            throw ServiceError("users.expired", "the token would expire (\(expiresAt.iso8601)) before it is made; "
                + "give a later --expires")
        }
        var generator = SystemRandomNumberGenerator()
        let token = ApiToken.make(randomBytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let user = try context.stores.users.addUser(name: name, role: role, subject: subject,
                                                    tokenHash: ApiToken.hash(token), expiresAt: expiresAt, at: now)
        return NewUser(user: user, token: token)
    }

    /// The principal a bearer token signs in as at `time`, or why it is refused.
    public func authenticate(_ token: String, at time: Timestamp) throws -> Result<Principal, TokenRefusal> {
        let hash = ApiToken.hash(token)
        guard let user = try context.stores.users.user(tokenHash: hash), ApiToken.matches(token, hash: user.tokenHash)
        else { return .failure(.unknown) }
        if let refusal = user.refusal(at: time) { return .failure(refusal) }
        return .success(try user.principal())
    }

    /// Every user, oldest first.
    public func users() throws -> [UserRecord] { try context.stores.users.users() }

    /// Revokes user `id`'s token at once.
    public func revoke(id: Int64) throws -> UserRecord {
        guard let user = try context.stores.users.revokeUser(id: id, at: context.now()) else {
            throw ServiceError("users.not-found", "there is no user \(id); `greenpark users list` shows them")
        }
        return user
    }
}
