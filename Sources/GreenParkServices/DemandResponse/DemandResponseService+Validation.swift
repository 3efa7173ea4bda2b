import GreenParkCore

/// The request bodies of the OpenADR 3.1.0 document, checked before anything is stored
/// (400 with the field named): required fields and the types of the fields the VTN reads
/// or that a VEN relies on; other fields pass through as sent. The VTN's own fields
/// (`id`, the times, `objectType`, `clientID`) are set by the VTN, whatever the body says.
extension DemandResponseService {
    func validated(_ kind: DemandResponseKind, _ request: JSONValue, principal: Principal) throws
        -> [String: JSONValue] {
        var fields = request.object ?? [:]
        let sentType = fields["objectType"]?.string
        for key in ["id", "createdDateTime", "modificationDateTime", "objectType", "clientID"] {
            fields[key] = nil
        }
        fields["objectType"] = .string(kind.rawValue)
        try Self.targets(fields)
        switch kind {
        case .program:
            _ = try Self.text(fields, "programName")
            try Self.period(fields["intervalPeriod"], "intervalPeriod")
        case .event:
            let program = try Self.identifier(fields, "programID")
            guard try store.record(kind: .program, id: program) != nil else {
                throw DemandResponseError(.conflict, "programID '\(program)' names no program of this VTN")
            }
            try Self.optionalText(fields, "eventName")
            if let priority = fields["priority"], priority != .null, (priority.integer ?? -1) < 0 {
                throw DemandResponseError.bad("priority must be an integer of 0 or more, or null")
            }
            try Self.duration(fields["duration"], "duration")
            try Self.period(fields["intervalPeriod"], "intervalPeriod")
            try Self.intervals(fields["intervals"], "intervals", required: false)
        case .report:
            let event = try Self.identifier(fields, "eventID")
            guard let found = try store.record(kind: .event, id: event) else {
                throw DemandResponseError(.conflict, "eventID '\(event)' names no event of this VTN")
            }
            fields["programID"] = found.programID.map { .string($0) } ?? fields["programID"]
            _ = try Self.text(fields, "clientName")
            try Self.optionalText(fields, "reportName")
            guard let resources = fields["resources"]?.array else {
                throw DemandResponseError.bad("resources must be a list of {resourceName, intervals}")
            }
            for (k, resource) in resources.enumerated() {
                guard resource.object != nil else {
                    throw DemandResponseError.bad("resources[\(k)] must be an object")
                }
                _ = try Self.text(resource.object ?? [:], "resourceName", at: "resources[\(k)].")
                try Self.period(resource["intervalPeriod"], "resources[\(k)].intervalPeriod")
                try Self.intervals(resource["intervals"], "resources[\(k)].intervals", required: true)
            }
        case .subscription:
            _ = try Self.text(fields, "clientName")
            if fields["programID"] != nil { _ = try Self.identifier(fields, "programID") }
            try Self.operations(fields["objectOperations"])
        case .ven:
            guard sentType == "VEN_VEN_REQUEST" || sentType == "BL_VEN_REQUEST" else {
                throw DemandResponseError.bad("objectType must be VEN_VEN_REQUEST (a VEN) or BL_VEN_REQUEST")
            }
            _ = try Self.text(fields, "venName")
        }
        if kind.isOwned {
            let client = principal.role == .operator && kind == .ven ? request["clientID"]?.string : nil
            fields["clientID"] = .string(principal.subject ?? client ?? "operator")
        }
        return fields
    }

    /// A required string of 1 to 128 characters.
    static func text(_ fields: [String: JSONValue], _ key: String, at prefix: String = "") throws -> String {
        guard let value = fields[key]?.string, (1...128).contains(value.count) else {
            throw DemandResponseError.bad("\(prefix)\(key) is required: a string of 1 to 128 characters")
        }
        return value
    }

    static func optionalText(_ fields: [String: JSONValue], _ key: String) throws {
        guard let value = fields[key], value != .null else { return }
        guard value.string != nil else { throw DemandResponseError.bad("\(key) must be a string or null") }
    }

    /// A required object id: 1 to 128 letters, digits, `_` or `-`.
    static func identifier(_ fields: [String: JSONValue], _ key: String) throws -> String {
        let value = try text(fields, key)
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) else {
            throw DemandResponseError.bad("\(key) must be letters, digits, '_' or '-'")
        }
        return value
    }

    static func targets(_ fields: [String: JSONValue]) throws {
        guard let targets = fields["targets"], targets != .null else { return }
        guard let list = targets.array, list.allSatisfy({ ($0.string?.count ?? 0) >= 1 }) else {
            throw DemandResponseError.bad("targets must be a list of non-empty strings, or null")
        }
    }

    static func duration(_ value: JSONValue?, _ name: String) throws {
        guard let value, value != .null else { return }
        // The document's pattern.
        let pattern = /-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+[DW])?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?/
        guard let text = value.string, text.wholeMatch(of: pattern) != nil else {
            throw DemandResponseError.bad("\(name) must be an ISO 8601 duration such as PT15M")
        }
    }

    static func period(_ value: JSONValue?, _ name: String) throws {
        guard let value, value != .null else { return }
        guard value.object != nil else { throw DemandResponseError.bad("\(name) must be an object") }
        if let start = value["start"] {
            guard let text = start.string, case .success = Timestamp.parseISO8601(text) else {
                throw DemandResponseError.bad(
                    "\(name).start must be an RFC 3339 date-time such as 2026-06-01T08:00:00Z")
            }
        }
        try duration(value["duration"], "\(name).duration")
        try duration(value["randomizeStart"], "\(name).randomizeStart")
    }

    static func intervals(_ value: JSONValue?, _ name: String, required: Bool) throws {
        guard let value, value != .null || required else { return }
        guard let list = value.array else { throw DemandResponseError.bad("\(name) must be a list of intervals") }
        for (k, interval) in list.enumerated() {
            guard let id = interval["id"]?.integer, Int64(Int32.min)...Int64(Int32.max) ~= id else {
                throw DemandResponseError.bad("\(name)[\(k)].id is required: an integer")
            }
            try period(interval["intervalPeriod"], "\(name)[\(k)].intervalPeriod")
            guard let payloads = interval["payloads"]?.array,
                  payloads.allSatisfy({ ($0["type"]?.string?.count ?? 0) >= 1 && $0["values"]?.array != nil }) else {
                throw DemandResponseError.bad("\(name)[\(k)].payloads is required: a list of {type, values}")
            }
        }
    }

    static let objectTypes: Set<String> = Set(DemandResponseKind.allCases.map(\.rawValue) + ["RESOURCE"])

    static func operations(_ value: JSONValue?) throws {
        guard let list = value?.array, !list.isEmpty else {
            throw DemandResponseError.bad("objectOperations is required: a list of {objects, operations, callbackUrl}")
        }
        for (k, entry) in list.enumerated() {
            let objects = entry["objects"]?.array?.compactMap(\.string)
            let operations = entry["operations"]?.array?.compactMap(\.string)
            guard let objects, objects.count == entry["objects"]?.array?.count,
                  objects.allSatisfy(objectTypes.contains) else {
                throw DemandResponseError.bad("objectOperations[\(k)].objects must list PROGRAM, EVENT, REPORT, "
                    + "SUBSCRIPTION, VEN or RESOURCE")
            }
            guard let operations, operations.count == entry["operations"]?.array?.count,
                  operations.allSatisfy(["READ", "CREATE", "UPDATE", "DELETE"].contains) else {
                throw DemandResponseError.bad("objectOperations[\(k)].operations must list READ, CREATE, UPDATE "
                    + "or DELETE")
            }
            guard let url = entry["callbackUrl"]?.string, (2...8000).contains(url.count),
                  url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw DemandResponseError.bad("objectOperations[\(k)].callbackUrl must be an http(s) URL")
            }
            if let token = entry["bearerToken"], token != .null, token.string == nil {
                throw DemandResponseError.bad("objectOperations[\(k)].bearerToken must be a string or null")
            }
        }
    }
}
