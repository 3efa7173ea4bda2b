import GreenParkCore

/// What each member delivered in a demand-response event, and what it is paid (docs/
/// demand-response.md): per park interval of the event, the member's "10 of 10" baseline
/// (``FlexibilityBaseline``: the same interval on the latest 10 of the 45 days before it that
/// had no event for the member and were metered) against its metered consumption; delivered
/// `max(0, baseline - metered)`, paid at the incentive (fen/kWh) of the event interval
/// (``DeliveredFlexibility``). The members are those the event targets by id, or every member
/// when it names none or names the park (its id); an event naming neither settles no one. An
/// interval the member's meters did not read gets no baseline.
public struct FlexibilityService: Sendable {
    public let context: ParkContext

    /// Days looked back for baselines.
    public static let lookBackDays: Int64 = 45

    public init(context: ParkContext) { self.context = context }

    /// The members' delivered flexibility in event `id` (its id or name), each event interval
    /// paid at `incentive` fen/kWh.
    public func settle(event id: String, incentive: Fixed6) throws -> [DeliveredFlexibility] {
        let park = context.park, step = park.settings.resolution.seconds
        guard incentive >= .zero else {
            throw ServiceError("dr.incentive", "the incentive is 0 or more fen per kWh, not \(incentive)")
        }
        let events = try DemandResponseService(context: context).events()
        let matches = events.contains { $0.id == id } ? events.filter { $0.id == id } : events.filter { $0.name == id }
        guard let event = matches.first else {
            throw ServiceError("dr.unknown-event", "no event \(id) in the park's VTN (greenpark dr events lists them)")
        }
        guard matches.count == 1 else {
            throw ServiceError("dr.ambiguous-event", "\(matches.count) events are named \(id) ("
                                   + matches.map(\.id).joined(separator: ", ") + "); give the event's id")
        }
        guard let span = event.span else {
            throw ServiceError("dr.event-times", "event \(event.id) has intervals without a start or a length")
        }
        let first = Timestamp(seconds: Self.floor(span.start.seconds, step))
        let count = Int((Self.floor(span.end.seconds + step - 1, step) - first.seconds) / step)
        let from = first.adding(seconds: -Self.lookBackDays * 86_400)
        let data = try PeriodData.load(park: park, store: context.stores.readings, from: from,
                                       to: first.adding(seconds: Int64(count) * step))
        let n = park.members.count, perDay = Int(86_400 / step), offset = Int(Self.lookBackDays) * perDay
        return Self.members(of: event, park: park).map { i in
            let member = park.members[i]
            let present = Self.present(data, meters: member.meters)
            let busy = Self.eventDays(events, member: member.id, park: park.settings.id, from: from, step: step,
                                      days: Int(Self.lookBackDays))
            var starts: [Timestamp] = [], baselines: [Int64?] = [], metered: [Int64] = [], incentives: [Fixed6] = []
            for k in 0..<count {
                let t = offset + k, start = data.start(ofInterval: t)
                let history: [Int64?] = (1...Int(Self.lookBackDays)).reversed().map { d in
                    let u = t - d * perDay
                    return busy.contains(u / perDay) || !present[u] ? nil : data.problem.consumption[u * n + i]
                }
                starts.append(start)
                metered.append(data.problem.consumption[t * n + i])
                baselines.append(present[t] ? FlexibilityBaseline.baseline(history) : nil)
                let covered = event.intervals.contains { interval in
                    guard let s = interval.start, let seconds = interval.seconds else { return false }
                    return s <= start && start < s.adding(seconds: seconds)
                }
                incentives.append(covered ? incentive : .zero)
                if !covered { baselines[k] = nil }
            }
            return DeliveredFlexibility(member: member.id, event: event.id, starts: starts, baselines: baselines,
                                        metered: metered, incentives: incentives)
        }
    }

    /// The members (indices) event `event` settles: every member when it names no target or
    /// names the park (its id), else those it names by id (none when it names no member).
    static func members(of event: DemandResponseEvent, park: Park) -> [Int] {
        guard !event.targets.isEmpty, !event.targets.contains(park.settings.id) else {
            return Array(park.members.indices)
        }
        return park.members.indices.filter { event.targets.contains(park.members[$0].id) }
    }

    static func floor(_ seconds: Int64, _ step: Int64) -> Int64 { seconds - ((seconds % step) + step) % step }

    /// Per interval of `data`, whether every meter of `meters` has a value.
    static func present(_ data: PeriodData, meters: [String]) -> [Bool] {
        var present = [Bool](repeating: true, count: data.problem.intervalCount)
        for gap in data.gaps where meters.contains(gap.meter) {
            let first = Int((gap.start.seconds - data.from.seconds) / data.resolution.seconds)
            for t in max(0, first)..<min(present.count, first + gap.intervals) { present[t] = false }
        }
        return present
    }

    /// The days (counted from `from`) on which an event addressed to `member` (by id, to the
    /// park by its id, or to everyone) has an interval: an event for the park is settled for
    /// every member, so its days are no baseline days for any of them.
    static func eventDays(_ events: [DemandResponseEvent], member: String, park: String, from: Timestamp,
                          step: Int64, days: Int) -> Set<Int> {
        var out = Set<Int>()
        for event in events
        where event.targets.isEmpty || event.targets.contains(member) || event.targets.contains(park) {
            for interval in event.intervals {
                guard let start = interval.start, let seconds = interval.seconds, seconds > 0 else { continue }
                let firstDay = Int(Self.floor(start.seconds - from.seconds, 86_400) / 86_400)
                let lastDay = Int(Self.floor(start.seconds + seconds - 1 - from.seconds, 86_400) / 86_400)
                guard lastDay >= 0, firstDay <= days else { continue }
                for day in max(0, firstDay)...lastDay { out.insert(day) }
            }
        }
        return out
    }
}
