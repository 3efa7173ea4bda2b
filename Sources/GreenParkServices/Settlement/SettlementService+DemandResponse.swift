import GreenParkCore

extension SettlementService {
    /// The members' delivered flexibility in the demand-response events that start in
    /// `[from, to)` (each event is settled in the billing month of its first interval), at
    /// the park's `demand_response_fen_per_kwh` (``FlexibilityService``, as `dr settle`
    /// settles one event); none without an incentive in the park file. A member's interval
    /// that several events cover is paid once, in the first event (creation order). Returns
    /// warnings for events it cannot settle (intervals without a start or a length) and for
    /// events running past `to` (their later intervals are settled with this month, and need
    /// their readings).
    func demandResponse(from: Timestamp, to: Timestamp, settings: SettlementSettings) throws
        -> (delivered: [DeliveredFlexibility], warnings: [String]) {
        guard let incentive = settings.demandResponseIncentive else { return ([], []) }
        var warnings: [String] = []
        let events = try DemandResponseService(context: context).events().filter { event in
            guard let span = event.span else {
                let starts = event.intervals.compactMap(\.start)
                if starts.contains(where: { from <= $0 && $0 < to }) || starts.isEmpty {
                    warnings.append("warning: demand-response event \(event.id) has intervals without a start "
                                        + "or a length and is not settled (greenpark dr events lists it)")
                }
                return false
            }
            return from <= span.start && span.start < to
        }
        let flexibility = FlexibilityService(context: context)
        var paid: [String: Set<Timestamp>] = [:]
        var delivered: [DeliveredFlexibility] = []
        for event in events {
            if let end = event.span?.end, end > to {
                warnings.append("warning: demand-response event \(event.id) runs past the month's end "
                                    + "(\(end.iso8601)); it is settled with this month, its later intervals only "
                                    + "where they were metered: settle again once they are")
            }
            for result in try flexibility.settle(event: event.id, incentive: incentive) {
                let rows = result.intervals
                let taken = paid[result.member, default: []]
                delivered.append(DeliveredFlexibility(
                    member: result.member, event: result.event, starts: rows.map(\.start),
                    baselines: rows.map { taken.contains($0.start) ? nil : $0.baselineWh },
                    metered: rows.map(\.meteredWh), incentives: rows.map(\.incentive)))
                paid[result.member, default: []].formUnion(rows.filter { $0.baselineWh != nil }.map(\.start))
            }
        }
        return (delivered, warnings)
    }
}
