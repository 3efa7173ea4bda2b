import GreenParkCore

/// One value series of an interval: its type (`IMPORT_CAPACITY_LIMIT`, `PRICE`, `USAGE`, ...)
/// and its numeric values (strings, booleans and points are left out).
public struct DemandResponsePayload: Sendable, Equatable {
    public let type: String
    public let values: [Double]
}

/// One interval of an event or a report, its start and length resolved from its own
/// `intervalPeriod` or, failing that, from the enclosing one (interval k starts k durations
/// after the enclosing start); nil where neither says.
public struct DemandResponseInterval: Sendable, Equatable {
    public let id: Int64
    public let start: Timestamp?
    public let seconds: Int64?
    public let payloads: [DemandResponsePayload]

    /// `payload`'s values of type `type`, if the interval has it.
    public func values(_ type: String) -> [Double]? { payloads.first { $0.type == type }?.values }
}

/// An event as the operator sent it (the OpenADR object, read for the park's own use).
public struct DemandResponseEvent: Sendable, Equatable {
    public let id: String
    public let programID: String
    public let name: String?
    public let priority: Int64?
    public let targets: [String]
    public let intervals: [DemandResponseInterval]

    /// From the first interval's start to the last one's end, when all are known.
    public var span: (start: Timestamp, end: Timestamp)? {
        let starts = intervals.compactMap(\.start)
        let ends = intervals.compactMap { i in i.start.flatMap { s in i.seconds.map { s.adding(seconds: $0) } } }
        guard !intervals.isEmpty, starts.count == intervals.count, ends.count == intervals.count,
              let start = starts.min(), let end = ends.max() else { return nil }
        return (start, end)
    }
}

/// One resource's data in a report.
public struct DemandResponseResourceData: Sendable, Equatable {
    public let resourceName: String
    public let intervals: [DemandResponseInterval]
}

/// A report a member's VEN sent for an event.
public struct DemandResponseReport: Sendable, Equatable {
    public let id: String
    public let eventID: String
    public let programID: String?
    /// The member whose VEN sent it (nil: the operator).
    public let member: String?
    public let clientName: String
    public let resources: [DemandResponseResourceData]
}

extension DemandResponseInterval {
    /// The intervals of `list`, the k-th defaulting to `period`'s start + k x duration.
    static func parse(_ list: JSONValue?, period: JSONValue?) -> [DemandResponseInterval] {
        let start = Self.start(period)
        let seconds = period?["duration"]?.string.flatMap(DemandResponseDuration.seconds)
        return (list?.array ?? []).enumerated().map { k, interval in
            let own = interval["intervalPeriod"]
            let length = own?["duration"]?.string.flatMap(DemandResponseDuration.seconds) ?? seconds
            let at = Self.start(own) ?? start.flatMap { s in seconds.map { s.adding(seconds: Int64(k) * $0) } }
            let payloads = (interval["payloads"]?.array ?? []).compactMap { payload -> DemandResponsePayload? in
                guard let type = payload["type"]?.string else { return nil }
                return DemandResponsePayload(type: type, values: (payload["values"]?.array ?? []).compactMap(\.double))
            }
            return DemandResponseInterval(id: interval["id"]?.integer ?? Int64(k), start: at, seconds: length,
                                          payloads: payloads)
        }
    }

    private static func start(_ period: JSONValue?) -> Timestamp? {
        guard let text = period?["start"]?.string, case .success(let t) = Timestamp.parseISO8601(text) else {
            return nil
        }
        return t
    }
}

extension DemandResponseEvent {
    /// The event of an OpenADR event object; nil when it lacks an id or a program.
    public init?(_ object: JSONValue) {
        guard let id = object["id"]?.string, let programID = object["programID"]?.string else { return nil }
        self.init(id: id, programID: programID, name: object["eventName"]?.string,
                  priority: object["priority"]?.integer,
                  targets: (object["targets"]?.array ?? []).compactMap(\.string),
                  intervals: DemandResponseInterval.parse(object["intervals"], period: object["intervalPeriod"]))
    }
}

extension DemandResponseReport {
    init?(_ object: JSONValue, member: String?) {
        guard let id = object["id"]?.string, let eventID = object["eventID"]?.string,
              let clientName = object["clientName"]?.string else { return nil }
        let resources = (object["resources"]?.array ?? []).map { resource in
            DemandResponseResourceData(resourceName: resource["resourceName"]?.string ?? "",
                intervals: DemandResponseInterval.parse(resource["intervals"], period: resource["intervalPeriod"]))
        }
        self.init(id: id, eventID: eventID, programID: object["programID"]?.string, member: member,
                  clientName: clientName, resources: resources)
    }
}
