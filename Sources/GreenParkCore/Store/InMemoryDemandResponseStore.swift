import Synchronization

/// A ``DemandResponseStore`` in memory, for tests and dry runs.
public final class InMemoryDemandResponseStore: DemandResponseStore {
    private let state = Mutex([DemandResponseRecord]())

    public init() {}

    public func insert(_ record: DemandResponseRecord) throws -> Bool {
        state.withLock { records in
            let taken = records.contains {
                $0.kind == record.kind && ($0.id == record.id || Self.sameName($0, record))
            }
            guard !taken else { return false }
            records.append(record)
            return true
        }
    }

    public func replace(_ record: DemandResponseRecord) throws -> Bool {
        state.withLock { records in
            guard let index = records.firstIndex(where: { $0.kind == record.kind && $0.id == record.id }),
                  !records.contains(where: {
                      $0.kind == record.kind && $0.id != record.id && Self.sameName($0, record)
                  })
            else { return false }
            records[index] = record
            return true
        }
    }

    public func remove(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord? {
        state.withLock { records in
            guard let index = records.firstIndex(where: { $0.kind == kind && $0.id == id }) else { return nil }
            return records.remove(at: index)
        }
    }

    public func record(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord? {
        state.withLock { records in records.first { $0.kind == kind && $0.id == id } }
    }

    public func records(_ query: DemandResponseQuery) throws -> [DemandResponseRecord] {
        state.withLock { records in
            let found = records.filter(query.matches).dropFirst(query.skip)
            return Array(query.limit.map { found.prefix($0) } ?? found)
        }
    }

    private static func sameName(_ a: DemandResponseRecord, _ b: DemandResponseRecord) -> Bool {
        a.name != nil && a.name == b.name
    }
}
