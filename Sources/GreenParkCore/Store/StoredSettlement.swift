/// A stored settlement run.
public struct StoredSettlement: Sendable, Equatable {
    public var id: Int64
    public var month: String
    /// nil for a preview.
    public var version: Int?
    public var createdAt: Timestamp
    public var snapshot: String
    public var result: String
    /// The invoice this run issued per member (final runs; only changed members after the first).
    public var invoices: [String: String]
    /// Everything this run issued, in order: invoices, credit notes, statements.
    public var documents: [SettlementDocument] = []

    public init(id: Int64, month: String, version: Int?, createdAt: Timestamp, snapshot: String, result: String,
                invoices: [String: String], documents: [SettlementDocument] = []) {
        self.id = id
        self.month = month
        self.version = version
        self.createdAt = createdAt
        self.snapshot = snapshot
        self.result = result
        self.invoices = invoices
        self.documents = documents
    }
}

/// A document a final settlement run issued: an invoice or a credit note (numbered without
/// gaps per year) for a member, or a statement for a generator.
public struct SettlementDocument: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case invoice
        case creditNote = "credit-note"
        case statement
    }

    /// The invoice number, or the statement's name (`2023-06-pv`, `2023-06-pv-v2`).
    public var number: String
    public var kind: Kind
    /// The member or generator.
    public var party: String
    /// A credit note: the invoice it cancels.
    public var cancels: String?
    /// An invoice or statement of a later version: the one it replaces.
    public var replaces: String?

    public init(number: String, kind: Kind, party: String, cancels: String?, replaces: String?) {
        self.number = number
        self.kind = kind
        self.party = party
        self.cancels = cancels
        self.replaces = replaces
    }
}

