import GreenParkCore

/// One notification to send: the document's `notification` object for a subscription's
/// `callbackUrl`, with its `bearerToken` if it gave one.
public struct DemandResponseNotification: Sendable, Equatable {
    public let callbackUrl: String
    public let bearerToken: String?
    public let subscriptionID: String
    public let body: JSONValue
}

extension DemandResponseService {
    /// The notifications a change of `object` (of `kind`, by `operation`: CREATE, UPDATE or
    /// DELETE) calls for: one per subscription entry that lists the object type and the
    /// operation, whose `programID` (if any) is the object's program, and whose targets (if
    /// any) share one with the object's (if any). Programs and events reach every subscriber;
    /// a report, subscription or VEN only its owner's and the operator's subscriptions, so
    /// that no member learns of another's.
    public func notifications(of kind: DemandResponseKind, operation: String, object: JSONValue, owner: String?) throws
        -> [DemandResponseNotification] {
        let program = kind == .program ? object["id"]?.string : object["programID"]?.string
        let targets = (object["targets"]?.array ?? []).compactMap(\.string)
        var found: [DemandResponseNotification] = []
        for record in try store.records(DemandResponseQuery(kind: .subscription)) {
            guard !kind.isOwned || record.owner == nil || record.owner == owner,
                  let subscription = JSONValue.parse(record.body) else { continue }
            if let wanted = subscription["programID"]?.string, wanted != program { continue }
            let theirs = (subscription["targets"]?.array ?? []).compactMap(\.string)
            if !theirs.isEmpty, !targets.isEmpty, !theirs.contains(where: targets.contains) { continue }
            for entry in subscription["objectOperations"]?.array ?? [] {
                let objects = (entry["objects"]?.array ?? []).compactMap(\.string)
                let operations = (entry["operations"]?.array ?? []).compactMap(\.string)
                guard objects.contains(kind.rawValue), operations.contains(operation),
                      let url = entry["callbackUrl"]?.string else { continue }
                var body: [String: JSONValue] = ["objectType": .string(kind.rawValue), "operation": .string(operation),
                                                 "object": object]
                if !targets.isEmpty { body["targets"] = .array(targets.map { .string($0) }) }
                found.append(DemandResponseNotification(callbackUrl: url, bearerToken: entry["bearerToken"]?.string,
                                                        subscriptionID: record.id, body: .object(body)))
            }
        }
        return found
    }
}
