import GreenParkCore

/// The park as one resource in a grid operator's program (docs/demand-response.md, "The park
/// as a VEN"): the operator's events mirrored into the park's own VTN, so that schedules keep
/// them, and the park's metered grid exchange for reports.
extension DemandResponseService {
    /// What mirroring an event did.
    public enum Mirrored: String, Sendable {
        case created, updated, unchanged
    }

    /// The name of the park's mirror of upstream event `id` (and of upstream program `name`).
    public static func mirrorName(_ id: String) -> String { "grid:" + id }

    /// Mirrors `event` of the grid operator's program named `program` into the park's VTN:
    /// into program `grid:<program>` (made when missing) as event `grid:<event id>` addressed
    /// to the whole park (its targets dropped), its intervals, periods and payloads as sent;
    /// an event mirrored before is updated when the operator changed it.
    public func mirror(event: JSONValue, program: String) throws -> Mirrored {
        guard let upstreamID = event["id"]?.string, var fields = event.object else {
            throw DemandResponseError.bad("the grid operator's event has no id")
        }
        let programName = Self.mirrorName(program)
        let local = try store.records(DemandResponseQuery(kind: .program, name: programName)).first?.id
            ?? addProgram(name: programName)["id"]?.string
        guard let local else { throw DemandResponseError.bad("the park's program \(programName) has no id") }
        for key in ["id", "createdDateTime", "modificationDateTime", "objectType", "targets"] {
            fields[key] = nil
        }
        fields["programID"] = .string(local)
        fields["eventName"] = .string(Self.mirrorName(upstreamID))
        let body = JSONValue.object(fields).bytes
        // Event names are not indexed: the mirror is found among its program's events.
        let existing = try store.records(DemandResponseQuery(kind: .event, programID: local)).first {
            JSONValue.parse($0.body)?["eventName"]?.string == Self.mirrorName(upstreamID)
        }
        guard let existing else {
            _ = try create(.event, body: body, by: Self.operatorPrincipal)
            return .created
        }
        let stored = JSONValue.parse(existing.body)
        let keys = ["intervalPeriod", "intervals", "payloadDescriptors", "priority", "reportDescriptors"]
        guard keys.contains(where: { stored?[$0] != fields[$0] }) else { return .unchanged }
        _ = try update(.event, id: existing.id, body: body, by: Self.operatorPrincipal)
        return .updated
    }

    /// The park's metered net grid exchange (members' consumption minus generation, kWh; below
    /// 0 when it fed in) in each interval of `event`, summed over the park intervals it covers;
    /// nil when an interval is not whole park intervals or a member's or generator's meter has a
    /// gap in it.
    public func parkExchange(_ event: DemandResponseEvent) throws -> [Double]? {
        let park = context.park, step = park.settings.resolution.seconds
        guard let span = event.span, span.start.seconds % step == 0, span.end.seconds % step == 0 else { return nil }
        let data = try PeriodData.load(park: park, store: context.stores.readings, from: span.start, to: span.end)
        // Storage meters do not count: the park's exchange is its members' and generators'.
        let meters = Set(park.members.flatMap(\.meters) + park.generators.map(\.meter))
        guard !data.gaps.contains(where: { meters.contains($0.meter) }) else { return nil }
        let n = data.problem.memberCount, m = data.problem.generatorCount
        var out: [Double] = []
        for interval in event.intervals {
            guard let start = interval.start, let seconds = interval.seconds, seconds % step == 0 else { return nil }
            let first = Int((start.seconds - span.start.seconds) / step)
            var wh: Int64 = 0
            for t in first..<(first + Int(seconds / step)) {
                wh += (0..<n).reduce(0) { $0 + data.problem.consumption[t * n + $1] }
                wh -= (0..<m).reduce(0) { $0 + data.problem.generation[t * m + $1] }
            }
            out.append(Double(wh) / 1000)
        }
        return out
    }
}
