/// Indirect (electricity) emissions of CBAM goods per installation and good (EU CBAM,
/// Reg. 2023/956 and Implementing Reg. 2023/1773; DOMAIN.md 5, normative).
///
/// Rules:
/// - A member's allocated green energy is split among its meters pro rata to their
///   consumption in each interval (largest remainder); an installation's green energy is
///   that of its meters, the rest of its consumption is grid electricity.
/// - The green share takes the actual factor of its supply ("direct technical connection",
///   backed by interval metering): 0 for wind, solar and hydro, a biomass plant's rate
///   weighted by what it supplied (``DirectSupplyRate``); grid electricity takes the default
///   grid factor ("grid default"). `Em_el = E_grid x EF_grid + E_green x EF_direct`.
/// - A production row gets the installation's electricity over its own period; rows of the
///   same installation and period share it pro rata to their production (largest remainder).
/// - `SEE_direct = direct / production`, `SEE_indirect = Em_el / production` (t CO2/t).
/// - From 2026 indirect emissions count in the obligation for cement, fertilisers and
///   sintered ore (CN 26011200); for iron and steel, aluminium and hydrogen they are
///   reported for information. Before 2026 (transitional period) nothing is an obligation.
public enum CBAMCalculator {
    /// An installation's electricity over the whole period, and its goods.
    public struct InstallationResult: Sendable {
        public var installation: Installation
        public var member: String
        public var electricityWh: Int64
        public var greenWh: Int64
        public var gridWh: Int64
        public var indirectGrams: Int64
        public var goods: [GoodResult]
    }

    /// One good (production row) of an installation.
    public struct GoodResult: Sendable {
        public var cnCode: String
        public var category: CBAMCategory
        public var start: Timestamp
        public var end: Timestamp
        public var productionT: Fixed6
        public var directEmissionsT: Fixed6
        public var electricityWh: Int64
        public var greenWh: Int64
        public var gridWh: Int64
        /// Indirect emissions in grams.
        public var indirectGrams: Int64
        /// Whether the indirect emissions count in the CBAM obligation, and on what basis.
        public var indirectInObligation: Bool
        public var obligationBasis: String

        /// MWh per tonne (= Wh per gram).
        public var specificElectricity: Ratio { Ratio(electricityWh, productionT.millionths) }
        /// The good's electricity factor in t CO2/MWh (= g/Wh): indirect / electricity.
        public var electricityFactor: Ratio { Ratio(indirectGrams, electricityWh) }
        public var seeDirect: Ratio { Ratio(directEmissionsT.millionths, productionT.millionths) }
        public var seeIndirect: Ratio { Ratio(indirectGrams, productionT.millionths) }
    }

    /// `storage`: what the members took from the park's storage; its green part by origin
    /// (DOMAIN.md 4a) is direct-line supply like the generators' (the park's battery is behind
    /// the same direct technical connection), the rest takes the grid factor.
    public static func run(park: Park, data: PeriodData, outcome: AllocationOutcome, production: [CBAMProduction],
                           gridFactor: EmissionFactor, storage: StorageSupply? = nil) throws -> [InstallationResult] {
        let series = try installationSeries(park: park, data: data, outcome: outcome, storage: storage)
        var results: [InstallationResult] = []
        for (i, member) in park.members.enumerated() {
            for installation in member.installations {
                let (consumption, green) = series[installation.id]!
                let c = consumption.reduce(0, +), g = green.reduce(0, +)
                let direct = try DirectSupplyRate(park: park, member: i, data: data, outcome: outcome)
                var result = InstallationResult(installation: installation, member: park.members[i].id, electricityWh: c, greenWh: g,
                                                gridWh: c - g, indirectGrams: grams(c - g, gridFactor) + direct.grams(g), goods: [])
                let rows = production.filter { $0.installation == installation.id }
                var byPeriod: [[CBAMProduction]] = []
                for row in rows {
                    if let k = byPeriod.firstIndex(where: { $0[0].start == row.start && $0[0].end == row.end }) { byPeriod[k].append(row); continue }
                    if let other = byPeriod.first(where: { $0[0].start < row.end && row.start < $0[0].end }) {
                        throw CBAMError(message: "production line \(row.line): installation \(installation.id) has rows for \(other[0].start) to \(other[0].end) and \(row.start) to \(row.end), which overlap; give rows of one installation either the same period or periods that do not overlap")
                    }
                    byPeriod.append([row])
                }
                for group in byPeriod {
                    let first = try interval(group[0].start, data), last = try interval(group[0].end, data)
                    let e = consumption[first..<last].reduce(0, +), gr = green[first..<last].reduce(0, +)
                    let weights = group.map(\.productionT.millionths)
                    let eParts = LargestRemainder.shares(of: e, weights: weights), gParts = LargestRemainder.shares(of: gr, weights: weights)
                    for (k, row) in group.enumerated() {
                        let category = installation.goods.first { $0.cnCode == row.cnCode }?.category ?? .cement
                        let (counts, basis) = obligation(category: category, cnCode: row.cnCode, start: row.start)
                        result.goods.append(GoodResult(
                            cnCode: row.cnCode, category: category, start: row.start, end: row.end, productionT: row.productionT,
                            directEmissionsT: row.directEmissionsT, electricityWh: eParts[k], greenWh: gParts[k], gridWh: eParts[k] - gParts[k],
                            indirectGrams: grams(eParts[k] - gParts[k], gridFactor) + direct.grams(gParts[k]),
                            indirectInObligation: counts, obligationBasis: basis))
                    }
                }
                results.append(result)
            }
        }
        return results
    }

    /// Consumption and green energy per interval of every installation (with storage: the green
    /// part of what the member took from it counts as green).
    public static func installationSeries(park: Park, data: PeriodData, outcome: AllocationOutcome,
                                          storage: StorageSupply? = nil) throws
        -> [String: (consumption: [Int64], green: [Int64])] {
        let n = data.problem.memberCount, count = data.problem.intervalCount
        var series: [String: (consumption: [Int64], green: [Int64])] = [:]
        for (i, member) in park.members.enumerated() where !member.installations.isEmpty {
            let meters = try member.meters.map { meter in
                guard let values = data.meterConsumption[meter] else { throw CBAMError(message: "no per-meter data for \(meter)") }
                return values
            }
            var perMeterGreen = [[Int64]](repeating: Array(repeating: 0, count: count), count: meters.count)
            for t in 0..<count where !data.problem.excluded[t] {
                let green = outcome.allocated[t * n + i] + (storage?.green[t * n + i] ?? 0)
                let shares = LargestRemainder.shares(of: green, weights: meters.map { $0[t] })
                for k in meters.indices { perMeterGreen[k][t] = shares[k] }
            }
            for installation in member.installations {
                var consumption = [Int64](repeating: 0, count: count), green = consumption
                for meter in installation.meters {
                    guard let k = member.meters.firstIndex(of: meter) else { continue }
                    for t in 0..<count where !data.problem.excluded[t] {
                        consumption[t] += meters[k][t]
                        green[t] += perMeterGreen[k][t]
                    }
                }
                series[installation.id] = (consumption, green)
            }
        }
        return series
    }

    /// Whether a good's indirect emissions count in the obligation (DOMAIN.md 5).
    public static func obligation(category: CBAMCategory, cnCode: String, start: Timestamp) -> (Bool, String) {
        let year = CivilDate(daysSinceEpoch: start.adding(seconds: 12 * 3600).utcDay).year
        guard year >= 2026 else { return (false, "transitional period before 2026: reported, no obligation") }
        if category == .cement || category == .fertilisers { return (true, "indirect emissions count for \(category.rawValue) from 2026") }
        if cnCode.hasPrefix("26011200") { return (true, "indirect emissions count for sintered ore (CN 26011200) from 2026") }
        return (false, "indirect emissions of \(category.rawValue) are reported for information, not in the obligation")
    }

    static func grams(_ wh: Int64, _ factor: EmissionFactor) -> Int64 {
        var sum = GramAccumulator()
        sum.add(wh: wh, millionths: factor.kgPerKWh.millionths)
        return sum.grams
    }

    static func interval(_ t: Timestamp, _ data: PeriodData) throws -> Int {
        let offset = t.seconds - data.from.seconds
        guard offset >= 0, t <= data.to, offset % data.resolution.seconds == 0 else {
            throw CBAMError(message: "production period boundary \(t) is outside the run \(data.from) to \(data.to) or off its \(data.resolution.minutes)-minute grid")
        }
        return Int(offset / data.resolution.seconds)
    }
}

/// CBAM inputs that do not fit the park or the run.
public struct CBAMError: GreenParkError {
    public var message: String
    public var code: String { "cbam.invalid" }
}
