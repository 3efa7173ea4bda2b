import GreenParkCore
import GreenParkFormats

/// The figures of one side of a what-if (before, or after on some information), added up
/// month by month from each month's ``PeriodEvaluation`` (docs/schedules.md):
/// - the park: generation (after curtailment), curtailment, consumption, surplus fed into
///   the grid, green energy reaching the members, storage charge, discharge and losses;
///   self-consumption `(G - surplus) / G` and green share `green / C` (DOMAIN.md 4a);
/// - each member: consumption, green energy, hourly matched energy and share, Scope 2
///   location-based (the summary's) and market-based hourly (`(C - hourly matched) x
///   residual`, taking every hourly matched Wh's certificate as redeemed for the member;
///   both rounded once from the period's Wh, as the summary of `greenpark allocate`),
///   and the energy lines of its bill in Wh (grid import by TOU period, green energy by
///   generator, energy from each storage device), priced by ``SimulationBill``.
///
/// Intervals a gap leaves out of the allocation count nowhere.
public struct SimulationFigures: Sendable {
    public private(set) var generationWh: Int64 = 0
    public private(set) var curtailedWh: Int64 = 0
    public private(set) var consumptionWh: Int64 = 0
    public private(set) var surplusWh: Int64 = 0
    public private(set) var greenWh: Int64 = 0
    public private(set) var chargedWh: Int64 = 0
    public private(set) var dischargedWh: Int64 = 0
    public private(set) var members: [Member]
    /// Days whose schedule fell back to `matching` (the policy targets could not be met).
    public internal(set) var fallbackDays = 0
    /// Days planned on the metered day because a series had too little history to forecast.
    public internal(set) var unforecastDays = 0
    /// Days planned with a demand-response import limit.
    public internal(set) var eventDays = 0
    /// Days whose schedule needed binaries (a device would otherwise charge and discharge at once).
    public internal(set) var binaryDays = 0

    public struct Member: Sendable {
        public var id: String
        public var consumptionWh: Int64 = 0
        public var greenWh: Int64 = 0
        public var hourlyMatchedWh: Int64 = 0
        public var scope2LocationGrams: Int64 = 0
        public var scope2MarketHourlyGrams: Int64 = 0
        /// Wh Scope 2 is computed from: grid energy (location-based), consumption not hourly
        /// matched (market-based hourly).
        public var locationWh: Int64 = 0
        public var residualWh: Int64 = 0
        /// Wh per bill line: `grid:<TOU period>`, `green:<generator>`, `storage:<device>`.
        public var lines: [String: Int64] = [:]

        public var matchedShare: Ratio { Ratio(hourlyMatchedWh, consumptionWh) }
    }

    public init(memberIDs: [String]) { members = memberIDs.map { Member(id: $0) } }

    public var selfConsumptionRatio: Ratio { Ratio(generationWh - surplusWh, generationWh) }
    public var greenShare: Ratio { Ratio(greenWh, consumptionWh) }

    /// Adds a month: its evaluation, data, the TOU period of each interval and the Wh curtailed.
    mutating func add(_ evaluation: PeriodEvaluation, data: PeriodData, park: Park, touPeriod: [String],
                      curtailedWh: Int64) {
        let s = evaluation.summary
        generationWh += s.park.generationWh
        consumptionWh += s.park.consumptionWh
        surplusWh += s.park.surplusWh
        greenWh += s.park.greenWh
        self.curtailedWh += curtailedWh
        for device in evaluation.storage?.devices ?? [] {
            chargedWh += device.chargedGreenWh + device.chargedGridWh
            dischargedWh += device.dischargedWh
        }
        for (i, totals) in s.members.enumerated() {
            members[i].consumptionWh += totals.consumptionWh
            members[i].greenWh += totals.allocatedWh - totals.fromStorageWh + totals.greenFromStorageWh
            members[i].hourlyMatchedWh += totals.hourlyMatchedWh
            // Grams from the period's Wh, rounded once (as `greenpark allocate` over the period), not per month.
            members[i].locationWh += totals.gridImportWh + totals.fromStorageWh - totals.greenFromStorageWh
            members[i].residualWh += totals.consumptionWh - totals.hourlyMatchedWh
            members[i].scope2LocationGrams = s.locationFactor.grams(ofWh: members[i].locationWh)
            members[i].scope2MarketHourlyGrams = s.residualFactor.grams(ofWh: members[i].residualWh)
        }
        let combined = evaluation.combined, problem = data.problem
        let n = problem.memberCount, m = problem.generatorCount, sources = combined.generatorCount
        for t in 0..<problem.intervalCount where !problem.excluded[t] {
            for i in 0..<n {
                var received: Int64 = 0
                for j in 0..<sources {
                    let wh = combined.allocated(interval: t, member: i, generator: j)
                    guard wh != 0 else { continue }
                    received += wh
                    let line = j < m ? "green:" + park.generators[j].id : "storage:" + data.storage!.devices[j - m].id
                    members[i].lines[line, default: 0] += wh
                }
                let grid = problem.consumption[t * n + i] - received
                if grid != 0 { members[i].lines["grid:" + touPeriod[t], default: 0] += grid }
            }
        }
    }
}

extension SimulationFigures {
    /// This side for ``SimulationJSON`` under `key`, bills priced by ``SimulationBill``.
    public func json(key: String, park: Park, tariff: Tariff?) -> SimulationJSON.Side {
        SimulationJSON.Side(
            key: key, selfConsumption: selfConsumptionRatio, greenShare: greenShare,
            energies: [("generation_wh", generationWh), ("curtailed_wh", curtailedWh),
                       ("consumption_wh", consumptionWh), ("surplus_wh", surplusWh), ("green_wh", greenWh),
                       ("storage_charged_wh", chargedWh), ("storage_discharged_wh", dischargedWh)],
            days: [("fallback_days", fallbackDays), ("unforecast_days", unforecastDays),
                   ("demand_response_days", eventDays), ("binary_days", binaryDays)],
            members: members.map { member in
                SimulationJSON.Member(id: member.id, consumptionWh: member.consumptionWh, greenWh: member.greenWh,
                                      matchedShare: member.matchedShare,
                                      billFen: SimulationBill.fen(member: member.id, lines: member.lines, park: park,
                                                                 tariff: tariff),
                                      scope2LocationGrams: member.scope2LocationGrams,
                                      scope2MarketHourlyGrams: member.scope2MarketHourlyGrams)
            })
    }
}
