/// A user of the park's server as stored: who it is, the SHA-256 of its token, when the
/// token expires and whether it was revoked.
public struct UserRecord: Sendable, Equatable {
    /// The user's id, assigned by the store.
    public let id: Int64
    /// The user's name (for logs and lists).
    public let name: String
    public let role: Role
    /// The member, generator or verifier it acts for (nil: the operator).
    public let subject: String?
    /// Hex SHA-256 of the token (``ApiToken/hash(_:)``).
    public let tokenHash: String
    /// When the user was added.
    public let createdAt: Timestamp
    /// The token is refused from this instant on (nil: no expiry).
    public let expiresAt: Timestamp?
    /// When the token was revoked (nil: not revoked).
    public let revokedAt: Timestamp?

    public init(id: Int64, name: String, role: Role, subject: String?, tokenHash: String, createdAt: Timestamp,
                expiresAt: Timestamp?, revokedAt: Timestamp?) {
        self.id = id
        self.name = name
        self.role = role
        self.subject = subject
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Why the token cannot sign in at `time`, or nil when it can: revoked, or expired
    /// (at `expiresAt` itself the token is already refused).
    public func refusal(at time: Timestamp) -> TokenRefusal? {
        if let revokedAt, revokedAt <= time { return .revoked }
        if let expiresAt, expiresAt <= time { return .expired }
        return nil
    }

    /// The principal the user acts as.
    public func principal() throws -> Principal {
        try Principal(userId: id, name: name, role: role, subject: subject)
    }
}

/// Why a token is refused.
public enum TokenRefusal: String, Error, Sendable {
    case unknown
    case expired
    case revoked
}
