/// The kinds of OpenADR 3 objects the park's VTN keeps (docs/demand-response.md): the
/// operator's programs and events, and the members' VENs, subscriptions and reports.
public enum DemandResponseKind: String, Sendable, CaseIterable, Codable {
    case program = "PROGRAM"
    case event = "EVENT"
    case report = "REPORT"
    case subscription = "SUBSCRIPTION"
    case ven = "VEN"

    /// Programs and events are the business logic's (the operator's) and every VEN reads them;
    /// reports, subscriptions and VENs belong to the member (or the operator) that made them.
    public var isOwned: Bool { self == .report || self == .subscription || self == .ven }
}

/// One stored OpenADR object: its JSON body as the document shapes it, plus the columns a
/// search needs. `owner` is the member that made it (nil: the operator); `name` is the
/// program's `programName` or the VEN's `venName` (unique per kind), else nil.
public struct DemandResponseRecord: Sendable, Equatable {
    public let kind: DemandResponseKind
    public let id: String
    public let programID: String?
    public let eventID: String?
    public let owner: String?
    public let clientName: String?
    public let name: String?
    /// The object as JSON (UTF-8), with the VTN's metadata (id, createdDateTime, ...).
    public let body: [UInt8]

    public init(kind: DemandResponseKind, id: String, programID: String?, eventID: String?, owner: String?,
                clientName: String?, name: String?, body: [UInt8]) {
        self.kind = kind
        self.id = id
        self.programID = programID
        self.eventID = eventID
        self.owner = owner
        self.clientName = clientName
        self.name = name
        self.body = body
    }
}

/// What a search asks for: every condition given must hold (nil: any). `owner` restricts to
/// one member's objects (`.some(nil)`: the operator's); the order is creation order.
public struct DemandResponseQuery: Sendable, Equatable {
    public var kind: DemandResponseKind
    public var programID: String?
    public var eventID: String?
    public var owner: String??
    public var clientName: String?
    public var name: String?
    public var skip: Int
    /// At most this many (nil: all).
    public var limit: Int?

    public init(kind: DemandResponseKind, programID: String? = nil, eventID: String? = nil, owner: String?? = nil,
                clientName: String? = nil, name: String? = nil, skip: Int = 0, limit: Int? = nil) {
        self.kind = kind
        self.programID = programID
        self.eventID = eventID
        self.owner = owner
        self.clientName = clientName
        self.name = name
        self.skip = skip
        self.limit = limit
    }

    /// Whether `record` meets every condition (the in-memory store's filter; SQLite's WHERE).
    public func matches(_ record: DemandResponseRecord) -> Bool {
        record.kind == kind && (programID == nil || record.programID == programID)
            && (eventID == nil || record.eventID == eventID) && (owner == nil || record.owner == owner!)
            && (clientName == nil || record.clientName == clientName) && (name == nil || record.name == name)
    }
}
