import Foundation
import GreenParkCore

/// The park's OpenADR 3 VTN as a use case (docs/demand-response.md): create, read, update,
/// delete and search programs, events, reports, subscriptions and VENs for a principal, who
/// may do what ``AccessPolicy/decideDemandResponse(_:_:write:owner:)`` says. Objects keep the
/// OpenADR 3.1.0 document's fields; the VTN sets `id`, `createdDateTime`,
/// `modificationDateTime`, `objectType` and, on reports, subscriptions and VENs, `clientID`
/// (the member id of the VEN's token, `operator` for the operator). Notifications to
/// subscribers are sent by the server (``notifications(of:operation:object:owner:)``).
public struct DemandResponseService: Sendable {
    public let context: ParkContext

    /// The document's maximum `limit` of a search, and the default when none is given.
    public static let maximumLimit = 50

    public init(context: ParkContext) { self.context = context }

    var store: any DemandResponseStore { context.stores.demandResponse }

    /// The search parameters of the document's GET operations; nil: no condition.
    public struct Search: Sendable, Equatable {
        public var programID: String?
        public var eventID: String?
        public var clientName: String?
        public var venName: String?
        /// Objects whose `targets` share one of these (objects without targets match too).
        public var targets: [String]
        /// Subscriptions to one of these object types.
        public var objects: [String]
        public var skip: Int
        public var limit: Int

        public init(programID: String? = nil, eventID: String? = nil, clientName: String? = nil,
                    venName: String? = nil, targets: [String] = [], objects: [String] = [], skip: Int = 0,
                    limit: Int = DemandResponseService.maximumLimit) {
            self.programID = programID
            self.eventID = eventID
            self.clientName = clientName
            self.venName = venName
            self.targets = targets
            self.objects = objects
            self.skip = skip
            self.limit = limit
        }
    }

    /// Stores a new object made from a request body; the object as stored.
    public func create(_ kind: DemandResponseKind, body: [UInt8], by principal: Principal) throws -> JSONValue {
        let request = try Self.parse(body)
        let owner = try ownerOfNew(kind, request: request, principal: principal)
        try allow(principal, kind, write: true, owner: owner)
        let now = context.now().iso8601
        var fields = try validated(kind, request, principal: principal)
        fields["id"] = .string(kind.rawValue.lowercased() + "-" + UUID().uuidString.lowercased())
        fields["createdDateTime"] = .string(now)
        fields["modificationDateTime"] = .string(now)
        let record = try record(kind, fields: fields, owner: owner)
        guard try store.insert(record) else { throw conflict(kind, record) }
        return .object(fields)
    }

    /// Replaces an object's fields with a request body's (its id, owner and creation time stay).
    public func update(_ kind: DemandResponseKind, id: String, body: [UInt8], by principal: Principal) throws
        -> JSONValue {
        let request = try Self.parse(body)
        let (existing, old) = try readable(kind, id: id, by: principal)
        try allow(principal, kind, write: true, owner: existing.owner)
        var fields = try validated(kind, request, principal: principal)
        fields["id"] = old["id"]
        fields["createdDateTime"] = old["createdDateTime"]
        fields["modificationDateTime"] = .string(context.now().iso8601)
        if kind.isOwned { fields["clientID"] = old["clientID"] }
        let record = try record(kind, fields: fields, owner: existing.owner)
        guard try store.replace(record) else { throw conflict(kind, record) }
        return .object(fields)
    }

    /// Deletes an object; the object as it was. A program that has events, or an event that has
    /// reports, is kept (409): the members' reports are what settlement reads.
    public func delete(_ kind: DemandResponseKind, id: String, by principal: Principal) throws -> JSONValue {
        let (existing, old) = try readable(kind, id: id, by: principal)
        try allow(principal, kind, write: true, owner: existing.owner)
        let dependent: DemandResponseQuery? = switch kind {
        case .program: DemandResponseQuery(kind: .event, programID: id, limit: 1)
        case .event: DemandResponseQuery(kind: .report, eventID: id, limit: 1)
        default: nil
        }
        if let dependent, try !store.records(dependent).isEmpty {
            throw DemandResponseError(.conflict, "this \(kind.rawValue.lowercased()) has "
                + "\(dependent.kind.rawValue.lowercased())s; delete them first")
        }
        guard try store.remove(kind: kind, id: id) != nil else { throw DemandResponseError.notFound }
        return .object(old)
    }

    /// One object, if the principal may see it (404 otherwise, whether or not it exists).
    public func object(_ kind: DemandResponseKind, id: String, by principal: Principal) throws -> JSONValue {
        .object(try readable(kind, id: id, by: principal).1)
    }

    /// The objects of `kind` meeting `search` the principal may see, in creation order:
    /// a member sees only its own reports, subscriptions and VENs.
    public func search(_ kind: DemandResponseKind, _ search: Search, by principal: Principal) throws -> [JSONValue] {
        guard search.skip >= 0, (0...Self.maximumLimit).contains(search.limit) else {
            throw DemandResponseError.bad("skip must be 0 or more and limit 0 to \(Self.maximumLimit)")
        }
        try allow(principal, kind, write: false, owner: principal.subject)
        var query = DemandResponseQuery(kind: kind, programID: search.programID, eventID: search.eventID,
                                        clientName: search.clientName, name: kind == .ven ? search.venName : nil)
        if kind.isOwned, principal.role != .operator { query.owner = .some(principal.subject) }
        let filtered = !search.targets.isEmpty || !search.objects.isEmpty
        if !filtered {
            query.skip = search.skip
            query.limit = search.limit
        }
        var objects = try store.records(query).compactMap { JSONValue.parse($0.body) }
        if filtered {
            objects = Array(objects.filter { Self.matches($0, targets: search.targets, objects: search.objects) }
                .dropFirst(search.skip).prefix(search.limit))
        }
        return objects
    }

    /// The stored record and its fields, when `principal` may read it.
    func readable(_ kind: DemandResponseKind, id: String, by principal: Principal) throws
        -> (DemandResponseRecord, [String: JSONValue]) {
        guard let found = try store.record(kind: kind, id: id), let fields = JSONValue.parse(found.body)?.object else {
            try allow(principal, kind, write: false, owner: principal.subject)
            throw DemandResponseError.notFound
        }
        try allow(principal, kind, write: false, owner: found.owner)
        return (found, fields)
    }

    /// Refuses what the policy does not allow: hidden 404, forbidden 403.
    func allow(_ principal: Principal, _ kind: DemandResponseKind, write: Bool, owner: String?) throws {
        switch AccessPolicy(grants: [], now: context.now()).decideDemandResponse(principal, kind, write: write,
                                                                                   owner: owner) {
        case .allow, .allowLogged: return
        case .hidden: throw DemandResponseError.notFound
        case .forbidden:
            throw DemandResponseError(.forbidden, principal.role == .member
                ? "a member's VEN reads programs and events; only the operator (the business logic) writes them"
                : principal.role == .operator ? "reports are written by the members' VENs, not the operator"
                : "only the operator and members take part in demand response")
        }
    }

    /// Who a new object belongs to: the member signed in; for the operator nobody, except a
    /// VEN it provisions for a member of the park (`clientID` naming the member).
    func ownerOfNew(_ kind: DemandResponseKind, request: JSONValue, principal: Principal) throws -> String? {
        guard principal.role == .operator else { return principal.subject }
        if kind == .ven, let client = request["clientID"]?.string,
           context.park.members.contains(where: { $0.id == client }) { return client }
        return nil
    }

    func record(_ kind: DemandResponseKind, fields: [String: JSONValue], owner: String?) throws
        -> DemandResponseRecord {
        let name: String? = switch kind {
        case .program: fields["programName"]?.string
        case .ven: fields["venName"]?.string
        default: nil
        }
        return DemandResponseRecord(
            kind: kind, id: fields["id"]?.string ?? "",
            programID: kind == .program ? nil : fields["programID"]?.string,
            eventID: fields["eventID"]?.string, owner: owner, clientName: fields["clientName"]?.string, name: name,
            body: JSONValue.object(fields).bytes)
    }

    func conflict(_ kind: DemandResponseKind, _ record: DemandResponseRecord) -> DemandResponseError {
        DemandResponseError(.conflict, "a \(kind.rawValue.lowercased()) named '\(record.name ?? record.id)' exists")
    }

    static func parse(_ body: [UInt8]) throws -> JSONValue {
        guard let value = JSONValue.parse(body), value.object != nil else {
            throw DemandResponseError.bad("the body must be a JSON object")
        }
        return value
    }

    /// Whether an object shares a target with `targets` (or has none) and, for a subscription,
    /// subscribes to one of `objects`.
    static func matches(_ object: JSONValue, targets: [String], objects: [String]) -> Bool {
        let own = (object["targets"]?.array ?? []).compactMap(\.string)
        let targeted = targets.isEmpty || own.isEmpty || own.contains(where: targets.contains)
        let types = (object["objectOperations"]?.array ?? [])
            .flatMap { ($0["objects"]?.array ?? []).compactMap(\.string) }
        return targeted && (objects.isEmpty || types.contains(where: objects.contains))
    }
}
