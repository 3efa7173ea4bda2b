/// Where settlement runs live: previews, final versions (never edited) and the documents
/// they issued, numbered without gaps per year (DOMAIN.md 6, docs/settlement.md).
public protocol SettlementStore: AnyObject, Sendable {
    /// Stores a preview of `month`, replacing the previous preview; returns its number.
    func savePreview(month: String, snapshot: String, result: String, at time: Timestamp) throws -> Int64

    /// Stores a final run of `month` as the next version and issues the documents of
    /// `revision` (credit notes, replacing invoices, statements) in one transaction.
    func saveFinal(month: String, year: Int, parkId: String, revision: SettlementRevision, snapshot: String,
                   result: String, at time: Timestamp) throws -> StoredSettlement

    /// The final runs of `month`, oldest first, each with the documents it issued.
    func finalSettlements(month: String) throws -> [StoredSettlement]

    /// The documents of `month` in force: per member its invoice, per generator its statement.
    func currentSettlementDocuments(month: String) throws -> (invoices: [String: String], statements: [String: String])

    /// Holds the park's settlement lock until the returned token is released: a second
    /// settlement of the park (in any process) is refused while it is held.
    func lockSettlements() throws -> SettlementLockToken
}

/// A held settlement lock; released when the token is released.
public protocol SettlementLockToken: AnyObject, Sendable {}

/// Another settlement of the park holds the lock.
public struct SettlementLocked: GreenParkError {
    public var lock: String
    public var code: String { "settlement.locked" }
    public var message: String { "another settlement of this park is running (lock \(lock)); wait for it and run again" }
    public var isBadInput: Bool { false }

    public init(lock: String) { self.lock = lock }
}
