import Synchronization

/// A ``CertificateStore`` in memory, for tests: the registry, the ledger, statements with
/// their coverage, corrections and the park's key, changed under one lock per update, so
/// that it behaves like the SQLite store (a throwing update leaves it as it was).
public final class InMemoryCertificateStore: CertificateStore {
    struct State {
        var registry: CertificateRegistry?
        var ledger: [LedgerEntry] = []
        var statements: [RedemptionStatement] = []
        var coverage: [ClaimCoverage] = []
        var corrections: [CertificateCorrection] = []
        var checks: [(from: Timestamp, to: Timestamp, at: Timestamp)] = []
        var key: String?
        var parties: [LedgerParty] = []
        var spans: [String: [LedgerIssueSpan]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func loadRegistry(parkId: String) throws -> CertificateRegistry {
        state.withLock { $0.registry ?? CertificateRegistry(parkId: parkId) }
    }

    public func update<T>(parkId: String, sealingWith appender: LedgerAppender, at time: Timestamp,
                          _ body: (inout CertificateUpdate) throws -> T) throws -> (T, appended: Int) {
        try state.withLock { state in
            if let park = state.key ?? Self.sealKey(state.ledger), park != appender.key.publicKeyHex {
                throw OperatorKeyMismatch(given: appender.key.publicKeyHex, sealed: park)
            }
            let coverage = state.coverage
            var head = Self.head(state.ledger)
            var entries: [LedgerEntry] = []
            func seal(_ events: [LedgerEvent]) throws { entries += try appender.append(events, at: time, after: &head) }
            var change = CertificateUpdate(
                registry: state.registry ?? CertificateRegistry(parkId: parkId),
                coverage: { member, from, to in
                    coverage.filter { $0.member == member && $0.firstHour < to
                        && $0.firstHour.adding(seconds: Int64($0.coveredWh.count) * 3600) > from }
                }, flushEvery: 16 * appender.blockLimit, flush: seal)
            let value = try body(&change)
            try seal(change.events)
            change.registry.markCommitted()
            state.registry = change.registry
            try Self.index(entries, &state)
            state.ledger += entries
            state.statements += change.statements
            state.coverage += change.statements.compactMap(\.coverage)
            for c in change.backfilled where !state.coverage.contains(where: { $0.statement == c.statement }) {
                state.coverage.append(c)
            }
            state.corrections += change.corrections
            state.checks += change.checked.map { ($0.from, $0.to, time) }
            if state.key == nil { state.key = appender.key.publicKeyHex }
            return (value, entries.count)
        }
    }

    public func forEachRedemptionStatement(parkId: String, overlapping period: (from: Timestamp, to: Timestamp)?,
                                           withoutCoverageOnly: Bool,
                                           _ body: (RedemptionStatement) throws -> Void) throws {
        let statements: [RedemptionStatement] = state.withLock { state in
            let ranges = state.registry?.ranges ?? []
            let chosen = state.statements.filter { s in
                (period.map { s.periodEnd > $0.from && s.periodStart < $0.to } ?? true)
                    && (!withoutCoverageOnly || !state.coverage.contains { $0.statement == s.id })
            }
            return chosen.map { s in
                var statement = s
                statement.certificates = ranges.filter { $0.status == .redeemed(statement: s.id) }
                statement.coverage = state.coverage.first { $0.statement == s.id }
                statement.flags = state.corrections.filter { $0.flaggedStatements.contains(s.id) }.map(\.id)
                return statement
            }
        }
        try statements.forEach(body)
    }

    public func forEachRange(parkId: String, producedFrom from: Timestamp, to: Timestamp, schemes: Set<CertificateScheme>,
                             _ body: ([CertificateRange]) throws -> Void) throws {
        let ranges = state.withLock { state in
            (state.registry?.ranges ?? []).filter {
                schemes.contains($0.scheme) && $0.productionStart >= from && $0.productionEnd <= to
            }
        }
        try body(ranges)
    }

    public func redemptionStatements(parkId: String, beneficiary: String,
                                     overlapping: (from: Timestamp, to: Timestamp)) throws -> [RedemptionStatement] {
        try redemptionStatements(parkId: parkId, overlapping: overlapping, withoutCoverageOnly: false)
            .filter { $0.beneficiary == beneficiary }
    }

    public func redeemedVolumes(producedFrom from: Timestamp, to: Timestamp) throws -> [String: Int64] {
        state.withLock { state in
            var volumes: [String: Int64] = [:]
            let beneficiary = Dictionary(state.statements.map { ($0.id, $0.beneficiary) }, uniquingKeysWith: { a, _ in a })
            for r in state.registry?.ranges ?? [] where r.productionStart >= from && r.productionEnd <= to {
                if case .redeemed(let id) = r.status, let who = beneficiary[id] { volumes[who, default: 0] += r.volumeWh }
            }
            return volumes
        }
    }

    public func coverage(member: String, from: Timestamp, to: Timestamp) throws -> [ClaimCoverage] {
        state.withLock { state in
            state.coverage.filter { $0.member == member && $0.firstHour < to
                && $0.firstHour.adding(seconds: Int64($0.coveredWh.count) * 3600) > from }
        }
    }

    public func corrections() throws -> [CertificateCorrection] { state.withLock { $0.corrections } }

    public func certificateChecks() throws -> [(from: Timestamp, to: Timestamp, at: Timestamp)] {
        state.withLock { $0.checks }
    }

    public func operatorKey() throws -> String? { state.withLock { $0.key ?? Self.sealKey($0.ledger) } }

    public func recordOperatorKey(_ key: OperatorPublicKey) throws {
        try state.withLock { state in
            if let park = state.key ?? Self.sealKey(state.ledger) {
                guard park == key.hex else { throw OperatorKeyMismatch(given: key.hex, sealed: park) }
                return
            }
            state.key = key.hex
        }
    }

    public func checkSigningKey(_ key: OperatorKey) throws {
        if let park = try operatorKey(), park != key.publicKeyHex {
            throw OperatorKeyMismatch(given: key.publicKeyHex, sealed: park)
        }
    }

    public func appendLedger(_ entries: [LedgerEntry]) throws {
        try state.withLock { state in
            let head = Self.head(state.ledger)
            guard let first = entries.first else { return }
            guard first.sequence == head.nextSequence, first.previous == head.lastHash else {
                throw LedgerBroken(sequence: first.sequence, reason: "the new entries do not continue the stored ledger")
            }
            try Self.index(entries, &state)
            state.ledger += entries
        }
    }

    public func ledgerHead() throws -> LedgerAppender.Head { state.withLock { Self.head($0.ledger) } }

    public func forEachLedgerBatch(size: Int, _ body: ([LedgerEntry]) throws -> Void) throws {
        let ledger = state.withLock { $0.ledger }
        var start = 0
        while start < ledger.count {
            try body(Array(ledger[start..<min(ledger.count, start + size)]))
            start += size
        }
    }

    static func head(_ ledger: [LedgerEntry]) -> LedgerAppender.Head {
        guard let last = ledger.last else { return .empty }
        let blocks = ledger.filter { $0.kind == .seal }.count
        return LedgerAppender.Head(nextSequence: last.sequence + 1, lastHash: last.hash, nextBlock: Int64(blocks))
    }

    static func sealKey(_ ledger: [LedgerEntry]) -> String? {
        guard let seal = ledger.last(where: { $0.kind == .seal }), case .string(let key) = seal.data["key"] else {
            return nil
        }
        return key
    }

    /// Indexes entries as the SQLite store does (``LedgerPartyIndexer``).
    static func index(_ entries: [LedgerEntry], _ state: inout State) throws {
        let known = state.spans
        var indexer = LedgerPartyIndexer { prefix, serial in
            known[prefix]?.last { $0.firstSerial <= serial && serial <= $0.lastSerial }
        }
        for entry in entries {
            let (span, parties) = try indexer.index(entry)
            if let span { state.spans[span.prefix, default: []].append(span) }
            state.parties += parties
        }
    }

    public func ledgerSequences(party: String, producedFrom from: Timestamp, to: Timestamp) throws -> [Int64] {
        state.withLock { state in
            Array(Set(state.parties.filter { $0.party == party && $0.producedFrom < to && $0.producedTo > from }
                .map(\.sequence))).sorted()
        }
    }

    public func agreementEntries() throws -> [LedgerEntry] {
        state.withLock { $0.ledger.filter { $0.kind == .agreement } }
    }

    public func ledgerEntries(_ range: ClosedRange<Int64>) throws -> [LedgerEntry] {
        state.withLock { state in
            let low = max(0, Int(range.lowerBound)), high = min(state.ledger.count - 1, Int(range.upperBound))
            return low <= high ? Array(state.ledger[low...high]) : []
        }
    }

    public func ledgerSeal(atOrAfter sequence: Int64) throws -> LedgerEntry? {
        state.withLock { state in
            state.ledger.dropFirst(max(0, Int(sequence))).first { $0.kind == .seal }
        }
    }

    public func certificateRanges(parkId: String, owner: String) throws -> [CertificateRange] {
        state.withLock { state in (state.registry?.ranges ?? []).filter { $0.owner == owner } }
    }
}
