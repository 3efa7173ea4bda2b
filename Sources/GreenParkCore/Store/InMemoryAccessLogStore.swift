import Synchronization

/// An ``AccessLogStore`` in memory, for tests.
public final class InMemoryAccessLogStore: AccessLogStore {
    private let state = Mutex([VerifierRead]())

    public init() {}

    public func logRead(_ read: VerifierRead) throws { state.withLock { $0.append(read) } }

    public func verifierReads(member: String, from: Timestamp, to: Timestamp, offset: Int, limit: Int) throws
        -> [VerifierRead] {
        state.withLock { reads in
            Array(reads.filter { $0.member == member && from <= $0.time
                && $0.time < to }.dropFirst(offset).prefix(limit))
        }
    }
}
