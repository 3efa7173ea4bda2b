import GreenParkCore

extension SettlementService {
    /// The members' delivered flexibility in the demand-response events that start in
    /// `[from, to)` (each event is settled in the billing month of its first interval), at
    /// the park's `demand_response_fen_per_kwh` (``FlexibilityService``, as `dr settle`
    /// settles one event); none without an incentive in the park file. A member's interval
    /// that several events cover is paid once, in the event that starts first (then the one
    /// created first), also across months: an event of an earlier month that runs into this
    /// one has paid its intervals here already. Returns warnings for events of the month it
    /// cannot settle (intervals without a start or a length) and for intervals after `to`
    /// not yet metered (they are paid once metered and the month settled again).
    func demandResponse(from: Timestamp, to: Timestamp, settings: SettlementSettings) throws
        -> (delivered: [DeliveredFlexibility], warnings: [String]) {
        guard let incentive = settings.demandResponseIncentive else { return ([], []) }
        var warnings: [String] = []
        var dated: [(event: DemandResponseEvent, start: Timestamp, end: Timestamp, order: Int)] = []
        for (order, event) in try DemandResponseService(context: context).events().enumerated() {
            guard let span = event.span else {
                if event.intervals.compactMap(\.start).contains(where: { from <= $0 && $0 < to }) {
                    warnings.append("warning: demand-response event \(event.id) has intervals without a start "
                                        + "or a length and is not settled (greenpark dr events lists it)")
                }
                continue
            }
            // The month's events, and earlier ones running into it (they paid their intervals here).
            if span.start < to && from < span.end { dated.append((event, span.start, span.end, order)) }
        }
        dated.sort { ($0.start, $0.order) < ($1.start, $1.order) }
        let flexibility = FlexibilityService(context: context)
        var paid: [String: Set<Timestamp>] = [:]
        var delivered: [DeliveredFlexibility] = []
        for item in dated {
            let credited = from <= item.start
            var unmetered = false, paidHere = false
            for result in try flexibility.settle(event: item.event.id, incentive: incentive) {
                let rows = result.intervals
                let taken = paid[result.member, default: []]
                let marked = rows.filter { $0.baselineWh != nil && !taken.contains($0.start) }.map(\.start)
                paid[result.member, default: []].formUnion(marked)
                paidHere = paidHere || marked.contains { from <= $0 && $0 < to }
                unmetered = unmetered || rows.contains {
                    $0.start >= to && $0.baselineWh == nil && Self.covers(item.event, $0.start)
                }
                guard credited else { continue }
                delivered.append(DeliveredFlexibility(
                    member: result.member, event: result.event, starts: rows.map(\.start),
                    baselines: rows.map { taken.contains($0.start) ? nil : $0.baselineWh },
                    metered: rows.map(\.meteredWh), incentives: rows.map(\.incentive)))
            }
            if !credited, paidHere {
                warnings.append("warning: demand-response event \(item.event.id) started before this month and "
                                    + "pays its intervals in it with the month it started in; if that month was "
                                    + "settled before they were metered, settle it again")
            }
            if credited, unmetered {
                warnings.append("warning: demand-response event \(item.event.id) runs past the month's end "
                                    + "(\(item.end.iso8601)) into intervals with no baseline yet (not metered, or "
                                    + "too few earlier days); it is settled with this month: settle it again once "
                                    + "they are metered")
            }
        }
        return (delivered, warnings)
    }

    /// Whether one of `event`'s intervals covers the instant `start`.
    static func covers(_ event: DemandResponseEvent, _ start: Timestamp) -> Bool {
        event.intervals.contains { interval in
            guard let s = interval.start, let seconds = interval.seconds else { return false }
            return s <= start && start < s.adding(seconds: seconds)
        }
    }
}
