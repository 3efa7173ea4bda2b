import Foundation
import GreenParkCore

/// Everything a run reports about emissions: Scope 2 rows per member (whole period and
/// each month), the Quality Criteria of every redeemed instrument, and the hourly series
/// behind them (for the CFE score and the charts).
public struct EmissionsReport: Sendable {
    public var period: String
    public var rows: [Scope2Row]
    public var quality: [InstrumentCheck]
    public var members: [HourlyEnergy]
    public var park: HourlyEnergy
    public var location: FactorSeries
    public var residual: FactorSeries
    public var gridCFEShare: Fixed6
    public var months: [Scope2Calculator.Period]

    /// The Quality Criteria results of a statement's redeemed ranges of one device (their
    /// results are the same: the criteria depend on the device, the statement and whether
    /// the production lies in the reporting period, which `insidePeriod` separates).
    public struct InstrumentCheck: Sendable {
        public var statement: String
        public var member: String
        /// The first range of the group, as an example.
        public var range: CertificateRange
        /// How many ranges (instruments) the group holds.
        public var instruments: Int
        public var results: [Scope2QualityCriteria.Result]
    }

    /// `storage`: what the members took from the park's storage (DOMAIN.md 4a), when it has any.
    public init(park: Park, data: PeriodData, outcome: AllocationOutcome, statements: [RedemptionStatement],
                factors: EmissionFactorTable, parkDirectory: URL, storage: StorageSupply? = nil) throws {
        let local = LocalTime(identifier: park.settings.timeZone)!
        let (location, residual) = try EmissionFactorSources.series(for: park, table: factors, from: data.from, to: data.to, parkDirectory: parkDirectory)
        let calculator = Scope2Calculator(location: location, residual: residual, gridCFEShare: park.emissionFactors.gridCFEShare)
        let hourly = HourlyEnergy.of(data: data, outcome: outcome, hourOffset: local.hourOffset(at: data.from),
                                     rates: try DirectRates.millionths(park), storage: storage)
        let rates = DirectRates.byDevice(park)
        let periods = ReportingPeriods.of(from: data.from, to: data.to, local: local)
        // Certificates count where they were produced: any statement of the member may
        // hold certificates of this period (a yearly redemption covers each of its months).
        var rows: [Scope2Row] = []
        var quality: [InstrumentCheck] = []
        let devices = Set(park.generators.map(\.id))
        let metered = data.hourlyConsumption(hourOffset: local.hourOffset(at: data.from))
        for (i, member) in park.members.enumerated() {
            let own = statements.filter { $0.beneficiary == member.id }
            rows += calculator.rows(member: member.id, energy: hourly.members[i],
                                    instruments: RedeemedInstrument.of(own, member: member.id, rates: rates),
                                    periods: [periods.whole] + periods.months)
            for s in own {
                var context = Scope2QualityCriteria.Context(member: member.id, country: park.settings.country, periodStart: s.periodStart,
                                                            periodEnd: s.periodEnd, residual: residual.annual,
                                                            parkDevices: devices, deviceRates: rates)
                context.uniqueClaim = UniqueClaim.check(s, statements: own, consumption: metered.members[i],
                                                        firstHour: metered.firstHour)
                var groups: [String: (first: CertificateRange, count: Int)] = [:], order: [String] = []
                for r in s.certificates where r.productionStart >= data.from && r.productionEnd <= data.to {
                    let inside = r.productionStart >= s.periodStart && r.productionEnd <= s.periodEnd
                    let key = r.issue.idPrefix + (inside ? "" : " outside")
                    if let group = groups[key] { groups[key] = (group.first, group.count + 1) } else {
                        groups[key] = (r, 1)
                        order.append(key)
                    }
                }
                for key in order {
                    let (first, count) = groups[key]!
                    quality.append(InstrumentCheck(statement: s.id, member: member.id, range: first, instruments: count,
                                                   results: Scope2QualityCriteria.check(first, statement: s, context: context)))
                }
            }
        }
        self.period = periods.whole.label
        self.rows = rows
        self.quality = quality
        self.members = hourly.members
        self.park = hourly.park
        self.location = location
        self.residual = residual
        self.gridCFEShare = park.emissionFactors.gridCFEShare
        self.months = periods.months
    }

    /// The whole-period row of `member`.
    public func total(_ member: String) -> Scope2Row? { rows.first { $0.member == member && $0.period == period } }
}
