import Synchronization

/// A batch of readings acknowledged under an `Idempotency-Key`: the same key and bytes sent
/// again get the same answer; the same key with other bytes is refused.
public struct IngestKey: Sendable, Equatable {
    public let key: String
    public let userId: Int64
    /// Hex SHA-256 of the batch as sent.
    public let sha256: String
    /// The import record the batch made.
    public let importId: Int64
    public let createdAt: Timestamp

    public init(key: String, userId: Int64, sha256: String, importId: Int64, createdAt: Timestamp) {
        self.key = key
        self.userId = userId
        self.sha256 = sha256
        self.importId = importId
        self.createdAt = createdAt
    }
}

/// Where idempotency keys of batch ingest are kept, per user.
public protocol IngestKeyStore: AnyObject, Sendable {
    func ingestKey(_ key: String, userId: Int64) throws -> IngestKey?
    /// Records a key (the first record of a key for a user stays).
    func saveIngestKey(_ key: IngestKey) throws
}

/// An ``IngestKeyStore`` in memory, for tests.
public final class InMemoryIngestKeyStore: IngestKeyStore {
    private let state = Mutex([String: IngestKey]())

    public init() {}

    public func ingestKey(_ key: String, userId: Int64) throws -> IngestKey? {
        state.withLock { $0["\(userId)/\(key)"] }
    }

    public func saveIngestKey(_ key: IngestKey) throws {
        state.withLock { keys in
            if keys["\(key.userId)/\(key.key)"] == nil { keys["\(key.userId)/\(key.key)"] = key }
        }
    }
}
