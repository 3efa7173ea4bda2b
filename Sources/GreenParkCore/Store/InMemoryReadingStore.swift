import Synchronization

/// A ``ReadingStore`` in memory, for tests and dry runs. Transactions work on a copy
/// that replaces the state only when the body returns, so a throwing body leaves the
/// store as it was, like the database implementations.
public final class InMemoryReadingStore: ReadingStore {
    struct State {
        var blocks: [String: [Int64: DayBlock]] = [:]
        var identity: StoredParkIdentity?
        var imports: [ImportRecord] = []
        var revisions: [RevisionRecord] = []
        var registerStates: [String: MeterRegisterState] = [:]
        var events: [MeterEventRecord] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T {
        try state.withLock { current in
            let transaction = Transaction(state: current)
            let result = try body(transaction)
            current = transaction.state
            return result
        }
    }

    public func days(meter: String, in days: Range<Int64>) throws -> [DayBlock] {
        state.withLock { state in
            (state.blocks[meter] ?? [:]).values.filter { days.contains($0.day) }.sorted { $0.day < $1.day }
        }
    }

    public func parkIdentity() throws -> StoredParkIdentity? { state.withLock { $0.identity } }

    public func meterSpans() throws -> [MeterSpan] {
        state.withLock { state in
            state.blocks.compactMap { meter, days -> MeterSpan? in
                guard let first = days.keys.min(), let last = days.keys.max() else { return nil }
                return MeterSpan(meter: meter, firstDay: first, lastDay: last, dayCount: days.count)
            }.sorted { $0.meter < $1.meter }
        }
    }

    public func imports() throws -> [ImportRecord] { state.withLock { $0.imports } }

    public func revisions() throws -> [RevisionRecord] { state.withLock { $0.revisions } }

    public func registerStates() throws -> [MeterRegisterState] {
        state.withLock { $0.registerStates.values.sorted { $0.meter < $1.meter } }
    }

    public func meterEvents(meter: String?, limit: Int) throws -> [MeterEventRecord] {
        state.withLock { state in
            Array(state.events.enumerated().filter { meter == nil || $0.element.meter == meter }
                .sorted { ($0.element.atMillis, $0.offset) > ($1.element.atMillis, $1.offset) }
                .prefix(max(0, limit)).map(\.element))
        }
    }

    final class Transaction: ReadingStoreTransaction {
        var state: State

        init(state: State) { self.state = state }

        func day(meter: String, day: Int64) throws -> DayBlock? { state.blocks[meter]?[day] }

        func put(_ block: DayBlock) throws { state.blocks[block.meter, default: [:]][block.day] = block }

        func parkIdentity() throws -> StoredParkIdentity? { state.identity }

        func setParkIdentity(_ identity: StoredParkIdentity) throws { state.identity = identity }

        func importRecord(sha256: String) throws -> ImportRecord? {
            state.imports.first { $0.sha256 == sha256 }
        }

        func add(_ record: ImportRecord) throws -> Int64 {
            var record = record
            record.id = Int64(state.imports.count + 1)
            state.imports.append(record)
            return record.id
        }

        func add(_ revisions: [RevisionRecord]) throws { state.revisions += revisions }

        func save(_ states: [MeterRegisterState]) throws {
            for registerState in states { state.registerStates[registerState.meter] = registerState }
        }

        func add(_ events: [MeterEventRecord]) throws { state.events += events }
    }
}
