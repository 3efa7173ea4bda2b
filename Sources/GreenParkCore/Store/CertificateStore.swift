/// Where the certificate registry lives, together with the ledger that records it, the
/// hourly coverage of claims and the corrections made.
///
/// Every change goes through ``update(parkId:sealingWith:at:_:)``: the registry is read,
/// changed and written back, with the ledger entries that record the change, inside one
/// write transaction, so two commands at once serialise instead of losing an update.
public protocol CertificateStore: LedgerStore {
    /// The registry as last committed (empty for a new park): for reading only.
    func loadRegistry(parkId: String) throws -> CertificateRegistry

    /// The ranges `owner` holds or held (active, redeemed or withdrawn), by issuance and
    /// serial, without loading the registry.
    func certificateRanges(parkId: String, owner: String) throws -> [CertificateRange]

    /// Runs `body` on the registry as stored, inside one write transaction that holds the
    /// store against other writers; then seals the events `body` recorded with `appender`
    /// (refusing a key other than the one that sealed the ledger so far) and stores the
    /// registry's changes, statements, coverage, corrections and ledger entries together.
    /// When `body` throws, nothing is stored. Returns what `body` returned and how many
    /// ledger entries (seals included) were appended.
    func update<T>(parkId: String, sealingWith appender: LedgerAppender, at time: Timestamp,
                   _ body: (inout CertificateUpdate) throws -> T) throws -> (T, appended: Int)

    /// The redemption statements of park `parkId`, oldest first, one at a time with its
    /// certificates, coverage and flags: those whose reporting period overlaps `overlapping`
    /// (all when nil), and only those stored without coverage when `withoutCoverageOnly`.
    /// Memory holds one statement at a time, whatever the number of members.
    func forEachRedemptionStatement(parkId: String, overlapping: (from: Timestamp, to: Timestamp)?,
                                    withoutCoverageOnly: Bool,
                                    _ body: (RedemptionStatement) throws -> Void) throws

    /// The certificate ranges of issuances produced inside `[from, to)` in one of `schemes`,
    /// in issue and serial order, in batches (memory holds one batch).
    func forEachRange(parkId: String, producedFrom from: Timestamp, to: Timestamp, schemes: Set<CertificateScheme>,
                      _ body: ([CertificateRange]) throws -> Void) throws

    /// The statements of `beneficiary` only, as ``redemptionStatements(parkId:overlapping:withoutCoverageOnly:)``
    /// gives them, without reading other members' (an evidence pack).
    func redemptionStatements(parkId: String, beneficiary: String,
                              overlapping: (from: Timestamp, to: Timestamp)) throws -> [RedemptionStatement]

    /// Wh of certificates produced in `[from, to)` and redeemed, per beneficiary.
    func redeemedVolumes(producedFrom from: Timestamp, to: Timestamp) throws -> [String: Int64]

    /// The coverage of `member`'s statements that touch hours in `[from, to)`.
    func coverage(member: String, from: Timestamp, to: Timestamp) throws -> [ClaimCoverage]

    /// Every correction made, oldest first.
    func corrections() throws -> [CertificateCorrection]

    /// When each period's issued certificates were last compared with the readings.
    func certificateChecks() throws -> [(from: Timestamp, to: Timestamp, at: Timestamp)]

    /// The park's operator key (public, hex): the one recorded, or (in a store from before
    /// keys were recorded) the one of the ledger's last seal; `nil` for a new park.
    func operatorKey() throws -> String?

    /// Records `key` as the park's operator key; refuses another when one is recorded.
    func recordOperatorKey(_ key: OperatorPublicKey) throws

    /// Refuses `key` (``OperatorKeyMismatch``) when the park has another, before anything is written.
    func checkSigningKey(_ key: OperatorKey) throws

    /// The efficiency each certified storage charge record was certified with, by record id
    /// (DOMAIN.md 4a: never changed after), without loading the registry.
    func storageEfficiencies(parkId: String) throws -> [String: Fixed6]
}

extension CertificateStore {
    /// From the registry (stores that hold it in memory).
    public func storageEfficiencies(parkId: String) throws -> [String: Fixed6] {
        try loadRegistry(parkId: parkId).recordedEfficiencies
    }

    /// The redemption statements of park `parkId`, oldest first, all in memory (see
    /// ``forEachRedemptionStatement(parkId:overlapping:withoutCoverageOnly:_:)``).
    public func redemptionStatements(parkId: String, overlapping: (from: Timestamp, to: Timestamp)?,
                                     withoutCoverageOnly: Bool) throws -> [RedemptionStatement] {
        var statements: [RedemptionStatement] = []
        try forEachRedemptionStatement(parkId: parkId, overlapping: overlapping,
                                       withoutCoverageOnly: withoutCoverageOnly) { statements.append($0) }
        return statements
    }

    /// Every redemption statement of park `parkId`, oldest first, with its coverage.
    public func redemptionStatements(parkId: String) throws -> [RedemptionStatement] {
        try redemptionStatements(parkId: parkId, overlapping: nil, withoutCoverageOnly: false)
    }
}

/// What one change of the registry does, collected inside
/// ``CertificateStore/update(parkId:sealingWith:at:_:)``.
public struct CertificateUpdate {
    /// The registry as stored when the transaction began; change it in place.
    public var registry: CertificateRegistry
    /// Ledger events recorded and not yet sealed, in order (``add(_:)``).
    public private(set) var events: [LedgerEvent] = []
    /// Seals and stores pending events inside the transaction, so a long update holds a
    /// bounded number of them (whole blocks at a time, or all once their data passes
    /// `flushBytes`, which adds a seal inside a block; the rest at the end).
    private let flush: ([LedgerEvent]) throws -> Void
    private let flushEvery: Int
    /// The bytes of event data pending at most before they are flushed whatever their
    /// number (a redemption's event lists every range it retires: a member-year of hourly
    /// certificates makes one of over a megabyte).
    private let flushBytes: Int
    private var pendingBytes = 0
    /// New redemption statements (with their coverage).
    public var statements: [RedemptionStatement] = []
    /// Corrections made.
    public var corrections: [CertificateCorrection] = []
    /// Coverage recovered for statements an earlier GreenPark stored without it.
    public var backfilled: [ClaimCoverage] = []
    /// Periods whose issued certificates were compared with the readings as they are now.
    public var checked: [(from: Timestamp, to: Timestamp)] = []
    private let coverageReader: (String, Timestamp, Timestamp) throws -> [ClaimCoverage]

    /// `flush` seals and stores events inside the transaction; it is called with about
    /// `flushEvery` events (a multiple of the ledger's block size, less any splits at the end:
    /// a split goes out with the redemption after it, which the party index names it by), or
    /// with all pending events (less trailing splits) once their data passes `flushBytes`.
    public init(registry: CertificateRegistry,
                coverage: @escaping (String, Timestamp, Timestamp) throws -> [ClaimCoverage],
                flushEvery: Int = 16 * 4096, flushBytes: Int = 64 << 20,
                flush: @escaping ([LedgerEvent]) throws -> Void = { _ in }) {
        self.registry = registry
        coverageReader = coverage
        self.flushEvery = flushEvery
        self.flushBytes = flushBytes
        self.flush = flush
    }

    /// Records ledger events; once `flushEvery` are pending, or their data passes
    /// `flushBytes`, they are sealed and stored (memory bounded by both).
    public mutating func add(_ new: [LedgerEvent]) throws {
        events += new
        pendingBytes += new.reduce(0) { $0 + $1.dataBytes.count }
        let heavy = pendingBytes >= flushBytes
        guard events.count >= flushEvery || heavy else { return }
        var whole = heavy ? events.count : events.count - events.count % flushEvery
        while whole > 0 && events[whole - 1].kind == .split { whole -= 1 }
        guard whole > 0 else { return }
        try flush(Array(events[..<whole]))
        pendingBytes -= events[..<whole].reduce(0) { $0 + $1.dataBytes.count }
        events.removeFirst(whole)
    }

    /// Coverage of `member` in `[from, to)` as stored, plus that of statements made in
    /// this update.
    public func coverage(member: String, from: Timestamp, to: Timestamp) throws -> [ClaimCoverage] {
        try coverageReader(member, from, to) + (statements.compactMap(\.coverage) + backfilled).filter { $0.member == member }
    }

    /// Records a redemption: its statement and ledger events.
    public mutating func record(_ redemption: (RedemptionStatement, [LedgerEvent])) throws {
        statements.append(redemption.0)
        try add(redemption.1)
    }

    /// Redeems for each request as ``CertificateRegistry/redeem(each:at:_:)`` does, recording
    /// each redemption as soon as it is made, so that no more than one member's events wait
    /// beyond the flush budget; `refused` hears each refusal and may throw it.
    public mutating func redeem(each requests: [RedemptionRequest], at time: Timestamp,
                                refused: (CertificateError) throws -> Void) throws {
        // The registry is moved out while it redeems (one reference: its ranges are changed in
        // place, not copied), and back in afterwards.
        var moved = registry
        registry = CertificateRegistry(parkId: moved.parkId)
        defer { registry = moved }
        try moved.redeem(each: requests, at: time) { result in
            switch result {
            case .success(let redemption): try record(redemption)
            case .failure(let error): try refused(error)
            }
        }
    }
}

/// The operator key given is not the one that sealed the ledger so far: signing with it
/// would break the chain of signatures for good.
public struct OperatorKeyMismatch: GreenParkError {
    public var given: String
    public var sealed: String
    public var code: String { "ledger.key-mismatch" }
    public var message: String {
        "the operator key given (public key \(given)) is not the one that sealed this park's ledger "
            + "(the park's key is \(sealed)); nothing was written. Give the park's key with --operator-key; only "
            + "greenpark init creates a key, and a park keeps one key for the life of its ledger"
    }

    public init(given: String, sealed: String) {
        self.given = given
        self.sealed = sealed
    }
}
