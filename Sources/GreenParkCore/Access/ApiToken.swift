import Crypto

/// An API token: `gp_` and 64 hex digits of 32 random bytes. It is shown once when a user
/// is added; the store keeps only its SHA-256 (``hash(_:)``), so a stolen store cannot
/// sign anybody in, and tokens are compared in constant time (``matches(_:hash:)``).
public enum ApiToken {
    public static let prefix = "gp_"

    /// A token from 32 random bytes (the caller draws them: the core has no randomness).
    public static func make(randomBytes: [UInt8]) -> String {
        precondition(randomBytes.count == 32, "a token needs 32 random bytes")
        return prefix + Hex.string(randomBytes)
    }

    /// The hex SHA-256 of the token's UTF-8 bytes: what the store keeps.
    public static func hash(_ token: String) -> String {
        Hex.string(Array(SHA256.hash(data: Array(token.utf8))))
    }

    /// Whether `token` hashes to `hash`, comparing every byte whatever the first difference
    /// (no timing tells how much of a guess was right).
    public static func matches(_ token: String, hash: String) -> Bool {
        constantTimeEqual(Array(Self.hash(token).utf8), Array(hash.utf8))
    }

    /// Equal lengths and bytes, in time that depends only on the lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for k in 0..<a.count { difference |= a[k] ^ b[k] }
        return difference == 0
    }
}
