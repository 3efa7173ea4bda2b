import GreenParkCore

extension SettlementService {
    /// The members' delivered flexibility in the demand-response events that start in
    /// `[from, to)` (each event is settled in the billing month of its first interval), at
    /// the park's `demand_response_fen_per_kwh` (``FlexibilityService``, as `dr settle`
    /// settles one event); none without an incentive in the park file.
    func demandResponse(from: Timestamp, to: Timestamp, settings: SettlementSettings) throws
        -> [DeliveredFlexibility] {
        guard let incentive = settings.demandResponseIncentive else { return [] }
        let events = try DemandResponseService(context: context).events().filter { event in
            guard let start = event.span?.start else { return false }
            return from <= start && start < to
        }
        let flexibility = FlexibilityService(context: context)
        return try events.flatMap { try flexibility.settle(event: $0.id, incentive: incentive) }
    }
}
