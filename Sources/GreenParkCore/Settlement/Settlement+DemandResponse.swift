extension Settlement {
    /// The demand-response events of a billing period (docs/settlement.md, "Demand
    /// response"): each member's delivered flexibility per event (``DeliveredFlexibility``:
    /// its "10 of 10" baseline against its metered use) at the park's incentive.
    public struct DemandResponseInput: Sendable {
        /// What a delivered kWh is paid, fen.
        public let incentive: Fixed6
        /// Per member and event (``FlexibilityService``), each member's interval paid once.
        public let delivered: [DeliveredFlexibility]

        /// The period's delivered flexibility at `incentive`.
        public init(incentive: Fixed6, delivered: [DeliveredFlexibility]) {
            self.incentive = incentive
            self.delivered = delivered
        }

        /// Member `member`'s credits: one `demand-response` line per event in which it
        /// delivered flexibility (item the event id, energy the delivered Wh, amount minus the
        /// payment, rounded half to even once per member and event as `dr settle` pays it).
        func lines(member: String) -> [Line] {
            delivered.filter { $0.member == member && ($0.deliveredWh > 0 || $0.paymentFen != 0) }.map {
                Line(kind: .demandResponse, item: $0.event, energyWh: $0.deliveredWh, priceFenPerKWh: incentive,
                     amountFen: -$0.paymentFen)
            }
        }
    }
}
