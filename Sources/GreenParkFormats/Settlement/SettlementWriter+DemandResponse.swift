import GreenParkCore

extension SettlementWriter {
    /// settlement.json's `demand_response`: per member and event, the baseline and metered
    /// Wh of the intervals that had a baseline, the delivered Wh, the incentive and the
    /// payment credited on the bill.
    func flexibilityJSON() -> JSONText {
        .array(demandResponse.map { d in
            let based = d.intervals.filter { $0.baselineWh != nil }
            let fields: [(String, JSONText)] = [
                ("member", .string(d.member)), ("event", .string(d.event)),
                ("baseline_wh", .integer(based.compactMap(\.baselineWh).reduce(0, +))),
                ("metered_wh", .integer(based.map(\.meteredWh).reduce(0, +))),
                ("delivered_wh", .integer(d.deliveredWh)),
                ("incentive_fen_per_kwh", .number((settings.demandResponseIncentive ?? .zero).description)),
                ("intervals_without_baseline", .integer(Int64(d.intervals.count - based.count))),
                ("payment_fen", .integer(d.paymentFen)),
            ]
            return .object(fields)
        })
    }
}
