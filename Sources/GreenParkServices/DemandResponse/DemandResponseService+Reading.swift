import GreenParkCore

/// The VTN's objects read for the park's own use (the operator's CLI, schedules, settlement):
/// every object, whoever made it, as typed values.
extension DemandResponseService {
    /// The programs, in creation order, as stored.
    public func programs() throws -> [JSONValue] {
        try store.records(DemandResponseQuery(kind: .program)).compactMap { JSONValue.parse($0.body) }
    }

    /// Every event, in creation order.
    public func events() throws -> [DemandResponseEvent] {
        try store.records(DemandResponseQuery(kind: .event)).compactMap {
            JSONValue.parse($0.body).flatMap(DemandResponseEvent.init)
        }
    }

    /// The events with an interval in `[from, to)` (events whose intervals have no known
    /// start or length are left out), in creation order.
    public func events(from: Timestamp, to: Timestamp) throws -> [DemandResponseEvent] {
        try events().filter { event in
            guard let span = event.span else { return false }
            return span.start < to && from < span.end
        }
    }

    /// The reports sent for event `eventID`, every member's, in the order they came.
    public func reports(for eventID: String) throws -> [DemandResponseReport] {
        try reports(DemandResponseQuery(kind: .report, eventID: eventID))
    }

    /// Every report, in the order they came.
    public func reports() throws -> [DemandResponseReport] {
        try reports(DemandResponseQuery(kind: .report))
    }

    private func reports(_ query: DemandResponseQuery) throws -> [DemandResponseReport] {
        try store.records(query).compactMap { record in
            JSONValue.parse(record.body).flatMap { DemandResponseReport($0, member: record.owner) }
        }
    }

    /// What `greenpark dr event add` sends: `count` intervals of `seconds` each from `start`,
    /// each with `payloads` (a value list of one value repeats in every interval).
    public struct NewEvent: Sendable {
        public var program: String
        public var name: String?
        public var start: Timestamp
        public var count: Int
        public var seconds: Int64
        public var payloads: [(type: String, units: String?, values: [Double])]
        public var priority: Int?

        public init(program: String, name: String? = nil, start: Timestamp, count: Int, seconds: Int64,
                    payloads: [(type: String, units: String?, values: [Double])], priority: Int? = nil) {
            self.program = program
            self.name = name
            self.start = start
            self.count = count
            self.seconds = seconds
            self.payloads = payloads
            self.priority = priority
        }
    }

    /// Creates an event in program `program` (its name or id) as the operator; the event as
    /// stored. No subscriber is notified: notifications are sent by the server only.
    public func addEvent(_ new: NewEvent) throws -> DemandResponseEvent {
        guard (1...1_000).contains(new.count), new.seconds > 0 else {
            throw DemandResponseError.bad("an event needs 1 to 1000 intervals of a positive duration")
        }
        guard !new.payloads.isEmpty else { throw DemandResponseError.bad("give at least one payload") }
        for payload in new.payloads where payload.values.count != 1 && payload.values.count != new.count {
            throw DemandResponseError.bad("\(payload.type): give 1 value or \(new.count) (one per interval), "
                + "not \(payload.values.count)")
        }
        for payload in new.payloads where !payload.values.allSatisfy(\.isFinite) {
            throw DemandResponseError.bad("\(payload.type): every value must be a finite number (JSON has no NaN "
                + "or infinity), not \(payload.values.map { "\($0)" }.joined(separator: ","))")
        }
        let program = try store.records(DemandResponseQuery(kind: .program, name: new.program)).first
            ?? store.record(kind: .program, id: new.program)
        guard let program else {
            throw DemandResponseError(.notFound,
                                      "no program named '\(new.program)'; list them with greenpark dr programs")
        }
        let intervals: [JSONValue] = (0..<new.count).map { k in
            .object(["id": .integer(Int64(k)), "payloads": .array(new.payloads.map { payload in
                let value = payload.values.count == 1 ? payload.values[0] : payload.values[k]
                return .object(["type": .string(payload.type), "values": .array([.number(value)])])
            })])
        }
        var fields: [String: JSONValue] = [
            "programID": .string(program.id),
            "intervalPeriod": .object(["start": .string(new.start.iso8601),
                                       "duration": .string(DemandResponseDuration.text(new.seconds))]),
            "intervals": .array(intervals),
            "payloadDescriptors": .array(new.payloads.map { payload in
                var descriptor: [String: JSONValue] = ["objectType": .string("EVENT_PAYLOAD_DESCRIPTOR"),
                                                       "payloadType": .string(payload.type)]
                descriptor["units"] = payload.units.map { .string($0) }
                return .object(descriptor)
            }),
        ]
        fields["eventName"] = new.name.map { .string($0) }
        fields["priority"] = new.priority.map { .integer(Int64($0)) }
        let created = try create(.event, body: JSONValue.object(fields).bytes, by: Self.operatorPrincipal)
        guard let event = DemandResponseEvent(created) else { throw DemandResponseError.bad("the event is malformed") }
        return event
    }

    /// The operator, as the CLI acts.
    static let operatorPrincipal = try! Principal(userId: 0, name: "operator", role: .operator, subject: nil)
}

extension DemandResponseService {
    /// Creates a program named `name` as the operator (`greenpark dr program add`); the
    /// program as stored. 409 (conflict) when one of that name exists.
    public func addProgram(name: String, description url: String? = nil) throws -> JSONValue {
        var fields: [String: JSONValue] = ["programName": .string(name)]
        if let url { fields["programDescriptions"] = .array([.object(["URL": .string(url)])]) }
        return try create(.program, body: JSONValue.object(fields).bytes, by: Self.operatorPrincipal)
    }
}
