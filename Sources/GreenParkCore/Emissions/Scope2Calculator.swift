/// Computes Scope 2 for members and reporting periods (DOMAIN.md 5, normative).
///
/// Location-based: direct-line supply takes the generator's rate (0 for wind, solar and
/// hydro; a biomass plant's given rate; the direct line tops the location-based factor
/// hierarchy), grid import takes the grid factor:
/// `location = grid_import x EF_location + sum_j green_j x rate_j`.
/// Market-based: consumption covered by certificates redeemed for the member counts at the
/// rate the certificates convey (0 for wind, solar and hydro), the rest takes the residual
/// mix: `market = (C - covered) x EF_residual + covered x (sum_k vol_k x rate_k / sum_k vol_k)`
/// (when the certificates exceed the consumption, each covers its share). A certificate
/// whose rate is unknown covers nothing.
/// Hourly variants apply both hour by hour with hourly factors where given, and cover each
/// hour only with certificates produced in that hour.
/// CFE score (Google's 24/7 definition): `sum_h min(C_h, green_h + grid_h x s) / sum_h C_h`,
/// with `s` the grid's carbon-free share (default 0).
///
/// Grams are summed exactly (energy x millionths) and rounded once, half to even.
public struct Scope2Calculator: Sendable {
    public var location: FactorSeries
    public var residual: FactorSeries
    /// The grid's carbon-free share for the CFE score.
    public var gridCFEShare: Fixed6

    public init(location: FactorSeries, residual: FactorSeries, gridCFEShare: Fixed6 = Fixed6(0)) {
        self.location = location
        self.residual = residual
        self.gridCFEShare = gridCFEShare
    }

    /// A reporting period: its label and its hours.
    public struct Period: Sendable, Equatable {
        public var label: String
        public var hours: Range<Int>

        public init(label: String, hours: Range<Int>) {
            self.label = label
            self.hours = hours
        }
    }

    /// One row per period for `member`.
    public func rows(member: String, energy: HourlyEnergy, instruments allInstruments: [RedeemedInstrument],
                     periods: [Period]) -> [Scope2Row] {
        let instruments = allInstruments.filter { $0.kgPerKWh != nil }
        let (coveredByHour, conveyedByHour) = hourlyCoverage(energy: energy, instruments: instruments)
        return periods.map { period in
            let start = energy.hourStart(period.hours.lowerBound), end = energy.hourStart(period.hours.upperBound)
            let (c, green, grid) = energy.totals(period.hours)
            let own = instruments.filter { $0.productionStart >= start && $0.productionEnd <= end }
            let produced = own.reduce(0) { $0 + $1.volumeWh }
            let conveyed = own.reduce(Int128(0)) { $0 + Int128($1.volumeWh) * Int128($1.kgPerKWh!.millionths) }
            let covered = min(c, produced)
            var location = GramAccumulator(), market = GramAccumulator()
            location.add(wh: grid, millionths: self.location.annual.kgPerKWh.millionths)
            market.add(wh: c - covered, millionths: residual.annual.kgPerKWh.millionths)
            market.add(micrograms: Self.share(conveyed, covered, of: produced))
            var hourlyLocation = GramAccumulator(), hourlyMarket = GramAccumulator(), cfe = GramAccumulator()
            var hourlyCovered: Int64 = 0
            for h in period.hours {
                let load = energy.consumption[h], gridH = energy.grid(h)
                hourlyCovered += coveredByHour[h]
                location.add(micrograms: energy.directMicrograms[h])
                hourlyLocation.add(wh: gridH, millionths: self.location.millionths(hour: h))
                hourlyLocation.add(micrograms: energy.directMicrograms[h])
                hourlyMarket.add(wh: load - coveredByHour[h], millionths: residual.millionths(hour: h))
                hourlyMarket.add(micrograms: conveyedByHour[h])
                cfe.add(wh: energy.green[h], millionths: Fixed6.scale)
                cfe.add(wh: gridH, millionths: gridCFEShare.millionths)
            }
            return Scope2Row(
                member: member, period: period.label, start: start, end: end, consumptionWh: c, directGreenWh: green,
                gridImportWh: grid, coveredWh: covered, locationGrams: location.grams, marketGrams: market.grams,
                hourlyCoveredWh: hourlyCovered, hourlyLocationGrams: hourlyLocation.grams, hourlyMarketGrams: hourlyMarket.grams,
                cfeWh: min(c, cfe.floorUnits))
        }
    }

    /// Wh covered in each hour by instruments produced within that hour, at most the hour's
    /// load, and the micrograms the covered Wh carry at the instruments' rates.
    func hourlyCoverage(energy: HourlyEnergy, instruments: [RedeemedInstrument])
        -> (covered: [Int64], conveyed: [Int128]) {
        var produced = [Int64](repeating: 0, count: energy.hours)
        var conveyed = [Int128](repeating: 0, count: energy.hours)
        for item in instruments {
            let offset = item.productionStart.seconds - energy.start.seconds
            guard offset >= 0, offset % 3600 == 0, item.productionEnd.seconds - item.productionStart.seconds <= 3600 else { continue }
            let h = Int(offset / 3600)
            if h < produced.count {
                produced[h] += item.volumeWh
                conveyed[h] += Int128(item.volumeWh) * Int128(item.kgPerKWh?.millionths ?? 0)
            }
        }
        var covered = produced
        for h in covered.indices {
            covered[h] = min(produced[h], energy.consumption[h])
            conveyed[h] = Self.share(conveyed[h], covered[h], of: produced[h])
        }
        return (covered, conveyed)
    }

    /// `conveyed x covered / produced`, rounded down: the micrograms of the covered part
    /// when the instruments exceed the consumption (all of them otherwise).
    static func share(_ conveyed: Int128, _ covered: Int64, of produced: Int64) -> Int128 {
        guard conveyed != 0, produced > 0 else { return 0 }
        return covered >= produced ? conveyed : conveyed * Int128(covered) / Int128(produced)
    }
}
