import Foundation
import GreenParkCore

/// The JSON of `greenpark simulate --format json` (docs/schedules.md):
/// `{"period": ..., "before": {...}, "after": {...}, "after_perfect_information": {...}}`,
/// each side with the summary's `self_consumption_ratio` and `green_share`, the park's
/// energies and each member's figures. Key order fixed; ratios with six decimals.
public enum SimulationJSON {
    /// One side of the what-if.
    public struct Side: Sendable {
        public var key: String
        public var selfConsumption: Ratio
        public var greenShare: Ratio
        public var energies: [(String, Int64)]
        public var days: [(String, Int)]
        public var members: [Member]

        public init(key: String, selfConsumption: Ratio, greenShare: Ratio, energies: [(String, Int64)],
                    days: [(String, Int)], members: [Member]) {
            self.key = key
            self.selfConsumption = selfConsumption
            self.greenShare = greenShare
            self.energies = energies
            self.days = days
            self.members = members
        }
    }

    /// One member on one side.
    public struct Member: Sendable {
        public var id: String
        public var consumptionWh: Int64
        public var greenWh: Int64
        public var matchedShare: Ratio
        public var billFen: Int64?
        public var scope2LocationGrams: Int64
        public var scope2MarketHourlyGrams: Int64

        public init(id: String, consumptionWh: Int64, greenWh: Int64, matchedShare: Ratio, billFen: Int64?,
                    scope2LocationGrams: Int64, scope2MarketHourlyGrams: Int64) {
            self.id = id
            self.consumptionWh = consumptionWh
            self.greenWh = greenWh
            self.matchedShare = matchedShare
            self.billFen = billFen
            self.scope2LocationGrams = scope2LocationGrams
            self.scope2MarketHourlyGrams = scope2MarketHourlyGrams
        }
    }

    /// The whole document; `head` are the period's fields (strings), in order.
    public static func render(head: [(String, String)], sides: [Side]) -> String {
        var pairs: [(String, JSONText)] = head.map { ($0.0, .string($0.1)) }
        for side in sides {
            var fields: [(String, JSONText)] = [
                ("self_consumption_ratio", .ratio(side.selfConsumption.value)),
                ("green_share", .ratio(side.greenShare.value)),
            ]
            fields += side.energies.map { ($0.0, .integer($0.1)) }
            fields += side.days.map { ($0.0, .integer(Int64($0.1))) }
            fields.append(("members", .array(side.members.map { member in
                .object([("id", .string(member.id)), ("consumption_wh", .integer(member.consumptionWh)),
                         ("green_wh", .integer(member.greenWh)),
                         ("hourly_matched_share", .ratio(member.matchedShare.value)),
                         ("energy_bill_fen", member.billFen.map(JSONText.integer) ?? .string("no prices")),
                         ("scope2_location_kg", .kilograms(fromGrams: member.scope2LocationGrams)),
                         ("scope2_market_hourly_kg", .kilograms(fromGrams: member.scope2MarketHourlyGrams))])
            })))
            pairs.append((side.key, .object(fields)))
        }
        return JSONText.object(pairs).render() + "\n"
    }
}
