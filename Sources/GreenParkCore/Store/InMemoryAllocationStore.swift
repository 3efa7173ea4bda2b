import Synchronization

/// An ``AllocationStore`` in memory, for tests: the same rules as the SQLite store (the same
/// period with the same inputs is kept, other inputs replace it).
public final class InMemoryAllocationStore: AllocationStore {
    private let runs = Mutex([AllocationRecord]())

    public init() {}

    public func saveAllocation(_ record: AllocationRecord, outcome: AllocationOutcome, park: Park) throws
        -> AllocationSaveResult {
        runs.withLock { runs in
            let nextId = (runs.map(\.id).max() ?? 0) + 1
            var stored = record
            stored.id = nextId
            guard let k = runs.firstIndex(where: { $0.from == record.from && $0.to == record.to }) else {
                runs.append(stored)
                return .stored(id: nextId)
            }
            if runs[k].inputDigest == record.inputDigest { return .unchanged(id: runs[k].id) }
            let previous = runs[k].id
            runs.remove(at: k)
            runs.append(stored)
            return .replaced(id: nextId, previous: previous)
        }
    }

    public func allocationRuns() throws -> [AllocationRecord] { runs.withLock { $0 } }
}
