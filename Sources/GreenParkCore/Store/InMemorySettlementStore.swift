import Synchronization

/// A ``SettlementStore`` in memory, for tests: versions per month, documents numbered
/// without gaps per year, final runs never changed.
public final class InMemorySettlementStore: SettlementStore {
    struct State {
        var previews: [String: Int64] = [:]
        var finals: [String: [StoredSettlement]] = [:]
        var sequence: [Int: Int] = [:]
        var nextId: Int64 = 1
        var locked = false
    }

    private let state = Mutex(State())

    public init() {}

    public func savePreview(month: String, snapshot: String, result: String, at time: Timestamp) throws -> Int64 {
        state.withLock { state in
            let id = state.nextId
            state.nextId += 1
            state.previews[month] = id
            return id
        }
    }

    public func saveFinal(month: String, year: Int, parkId: String, revision: SettlementRevision, snapshot: String,
                          result: String, at time: Timestamp) throws -> StoredSettlement {
        state.withLock { state in
            var current = Self.current(state, month: month)
            let version = (state.finals[month]?.count ?? 0) + 1
            let id = state.nextId
            state.nextId += 1
            var seq = state.sequence[year, default: 0]
            var documents: [SettlementDocument] = [], invoices: [String: String] = [:]
            func number() -> String {
                seq += 1
                return "\(parkId)-\(year)-" + String(repeating: "0", count: max(0, 5 - String(seq).count)) + String(seq)
            }
            for member in revision.changedMembers {
                let old = current.invoices[member]
                if let old { documents.append(.init(number: number(), kind: .creditNote, party: member, cancels: old, replaces: nil)) }
                if !revision.goneMembers.contains(member) {
                    let n = number()
                    invoices[member] = n
                    documents.append(.init(number: n, kind: .invoice, party: member, cancels: nil, replaces: old))
                }
            }
            for generator in revision.changedGenerators {
                let name = version == 1 ? "\(month)-\(generator)" : "\(month)-\(generator)-v\(version)"
                documents.append(.init(number: name, kind: .statement, party: generator, cancels: nil,
                                       replaces: current.statements[generator]))
                current.statements[generator] = name
            }
            state.sequence[year] = seq
            state.previews[month] = nil
            let stored = StoredSettlement(id: id, month: month, version: version, createdAt: time, snapshot: snapshot,
                                          result: result, invoices: invoices, documents: documents)
            state.finals[month, default: []].append(stored)
            return stored
        }
    }

    public func finalSettlements(month: String) throws -> [StoredSettlement] { state.withLock { $0.finals[month] ?? [] } }

    public func currentSettlementDocuments(month: String) throws
        -> (invoices: [String: String], statements: [String: String]) {
        state.withLock { Self.current($0, month: month) }
    }

    static func current(_ state: State, month: String) -> (invoices: [String: String], statements: [String: String]) {
        var invoices: [String: String] = [:], statements: [String: String] = [:]
        let documents = (state.finals[month] ?? []).flatMap(\.documents)
        let cancelled = Set(documents.compactMap(\.cancels))
        for d in documents {
            switch d.kind {
            case .invoice where !cancelled.contains(d.number): invoices[d.party] = d.number
            case .statement: statements[d.party] = d.number
            default: break
            }
        }
        return (invoices, statements)
    }

    public func lockSettlements() throws -> SettlementLockToken {
        try state.withLock { state in
            guard !state.locked else { throw SettlementLocked(lock: "in memory") }
            state.locked = true
        }
        return Token { [self] in self.state.withLock { $0.locked = false } }
    }

    final class Token: SettlementLockToken {
        let release: @Sendable () -> Void
        init(_ release: @escaping @Sendable () -> Void) { self.release = release }
        deinit { release() }
    }
}
