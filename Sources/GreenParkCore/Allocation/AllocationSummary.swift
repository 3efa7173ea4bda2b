/// The numbers of an allocation period (DOMAIN.md 3 "Derived per period" and 5): park,
/// member and generator totals, policy checks and Scope 2. Intervals excluded by the gap
/// policy count in none of the totals.
public struct AllocationSummary: Sendable {
    public var intervals: Int
    public var skippedIntervals: Int
    public var park: Totals
    public var members: [MemberTotals]
    public var generators: [GeneratorTotals]
    public var policy: PolicyResult
    public var locationFactor: EmissionFactor
    public var residualFactor: EmissionFactor
    /// Storage over the period (DOMAIN.md 4a), when the park has storage devices.
    public var storage: StoragePeriod?

    public struct Totals: Sendable {
        public var generationWh: Int64 = 0
        public var consumptionWh: Int64 = 0
        /// What the members received from the park's generators and storage.
        public var allocatedWh: Int64 = 0
        /// Energy fed into the grid, by the generators and by storage.
        public var surplusWh: Int64 = 0
        /// Of `allocatedWh`, what came from storage, and the green part of that (by origin).
        public var fromStorageWh: Int64 = 0
        public var greenFromStorageWh: Int64 = 0
        public var gridImportWh: Int64 { consumptionWh - allocatedWh }
        /// Green energy that reached the members: from the generators directly, or from
        /// storage by origin (DOMAIN.md 4a).
        public var greenWh: Int64 { allocatedWh - fromStorageWh + greenFromStorageWh }
        /// (sum G - surplus) / sum G, as 650号 counts self-use (without storage: sum A / sum G;
        /// with it, storage losses and green charge used later count as self-consumed).
        public var selfConsumptionRatio: Ratio { Ratio(generationWh - surplusWh, generationWh) }
        /// Green energy reaching the members / sum C (without storage: sum A / sum C).
        public var greenShare: Ratio { Ratio(greenWh, consumptionWh) }
        /// surplus / G
        public var surplusShare: Ratio { Ratio(surplusWh, generationWh) }
    }

    public struct MemberTotals: Sendable {
        public var id: String
        public var consumptionWh: Int64 = 0
        /// From the park's generators and storage.
        public var allocatedWh: Int64 = 0
        /// Of `allocatedWh`, what came from storage, and its green part (by origin).
        public var fromStorageWh: Int64 = 0
        public var greenFromStorageWh: Int64 = 0
        public var gridImportWh: Int64 { consumptionWh - allocatedWh }
        /// sum over hours of min(C_h, A_h): the numerator of the hourly matched share.
        public var hourlyMatchedWh: Int64 = 0
        /// Green energy covered by redeemed certificates (market-based method).
        public var coveredWh: Int64 = 0
        public var scope2LocationGrams: Int64 = 0
        public var scope2MarketGrams: Int64 = 0
        /// Google's CFE score with grid CFE = 0: sum_h min(C_h, A_h) / sum_h C_h, where A_h
        /// is the green energy of the hour (storage's by origin, in its discharge hour).
        public var matchedShare: Ratio { Ratio(hourlyMatchedWh, consumptionWh) }
    }

    public struct GeneratorTotals: Sendable {
        public var id: String
        public var generationWh: Int64 = 0
        public var allocatedWh: Int64 = 0
        public var surplusWh: Int64 { generationWh - allocatedWh }
    }

    /// Computes the summary. Covered Wh start at 0 (nothing redeemed) until
    /// ``applyCoverage(_:)`` sets the redeemed volumes. `periodStart` is the local date the
    /// period starts on (it selects stepped thresholds).
    public init(
        park: Park, data: PeriodData, outcome: AllocationOutcome, profile: PolicyProfile,
        factors: EmissionFactorTable, periodStart: CivilDate, storage: StoragePeriod? = nil
    ) throws {
        let problem = data.problem
        let n = problem.memberCount, m = problem.generatorCount
        var members = park.members.map { MemberTotals(id: $0.id) }
        var generators = park.generators.map { GeneratorTotals(id: $0.id) }
        var totals = Totals()
        var exportIntervals = 0
        // Hourly sums for the matched share.
        var hourC = [Int64](repeating: 0, count: n), hourA = [Int64](repeating: 0, count: n)
        var currentHour = Int64.min
        func closeHour() {
            let hourStart = currentHour == Int64.min ? nil : Timestamp(seconds: currentHour * 3600)
            for i in 0..<n {
                let stored = hourStart.flatMap { storage?.memberGreen(hour: $0, member: i) } ?? 0
                let green = hourA[i] + stored
                members[i].hourlyMatchedWh += min(hourC[i], green)
                hourC[i] = 0
                hourA[i] = 0
            }
        }
        for t in 0..<problem.intervalCount where !problem.excluded[t] {
            let hour = data.start(ofInterval: t).seconds / 3600
            if hour != currentHour { closeHour(); currentHour = hour }
            for i in 0..<n {
                let c = problem.consumption[t * n + i], a = outcome.allocated[t * n + i]
                members[i].consumptionWh += c
                members[i].allocatedWh += a
                hourC[i] += c
                hourA[i] += a
            }
            for j in 0..<m {
                generators[j].generationWh += problem.generation[t * m + j]
                for i in 0..<n { generators[j].allocatedWh += outcome.allocated(interval: t, member: i, generator: j) }
            }
            let surplus = storage?.surplus[t] ?? outcome.surplus[t]
            if surplus > 0 { exportIntervals += 1 }
            totals.surplusWh += surplus
        }
        closeHour()
        if let storage {
            for i in 0..<n {
                members[i].fromStorageWh = storage.members[i].fromStorageWh
                members[i].greenFromStorageWh = storage.members[i].greenFromStorageWh
                members[i].allocatedWh += members[i].fromStorageWh
            }
            totals.fromStorageWh = members.reduce(0) { $0 + $1.fromStorageWh }
            totals.greenFromStorageWh = members.reduce(0) { $0 + $1.greenFromStorageWh }
        }
        totals.generationWh = generators.reduce(0) { $0 + $1.generationWh }
        totals.consumptionWh = members.reduce(0) { $0 + $1.consumptionWh }
        totals.allocatedWh = members.reduce(0) { $0 + $1.allocatedWh }
        let location = try factors.resolve(park.emissionFactors.location, year: park.emissionFactors.year)
        let residual = try factors.resolve(park.emissionFactors.residual, year: park.emissionFactors.year)
        for i in 0..<n {
            members[i].coveredWh = 0
            // Storage's energy that is not green by origin (grid charge, unbacked) is grid energy.
            members[i].scope2LocationGrams = location.grams(
                ofWh: members[i].gridImportWh + members[i].fromStorageWh - members[i].greenFromStorageWh)
            members[i].scope2MarketGrams = residual.grams(ofWh: members[i].consumptionWh - members[i].coveredWh)
        }
        self.intervals = problem.intervalCount
        self.skippedIntervals = problem.excluded.filter { $0 }.count
        self.park = totals
        self.members = members
        self.generators = generators
        self.locationFactor = location
        self.residualFactor = residual
        self.storage = storage
        self.policy = PolicyResult(profile: profile, totals: totals, periodStart: periodStart,
                                   offGrid: park.settings.connection == .offGrid, exportIntervals: exportIntervals)
    }
}

extension AllocationSummary {
    /// Sets each member's certificate-covered Wh (from redemption statements) and the
    /// market-based Scope 2 that follows from it.
    public mutating func applyCoverage(_ coveredWh: [String: Int64]) {
        for i in members.indices {
            members[i].coveredWh = coveredWh[members[i].id, default: 0]
            members[i].scope2MarketGrams = residualFactor.grams(ofWh: members[i].consumptionWh - members[i].coveredWh)
        }
    }
}

/// The outcome of a policy profile's checks for a period.
public struct PolicyResult: Sendable {
    public var profile: String
    public var checks: [PolicyCheckResult]

    public var passed: Bool { checks.allSatisfy(\.pass) }

    init(profile: PolicyProfile, totals: AllocationSummary.Totals, periodStart: CivilDate, offGrid: Bool, exportIntervals: Int) {
        self.profile = profile.id
        checks = profile.rules.map { rule in
            let ratio: Ratio
            switch rule.metric {
            case .selfConsumptionRatio: ratio = totals.selfConsumptionRatio
            case .greenShare: ratio = totals.greenShare
            case .surplusShare: ratio = totals.surplusShare
            }
            let threshold = rule.threshold(forPeriodStarting: periodStart)
            let pass = rule.bound == .min ? ratio.isAtLeast(threshold) : ratio.isAtMost(threshold)
            return PolicyCheckResult(id: rule.metric.rawValue, value: ratio.value, threshold: threshold, bound: rule.bound, pass: pass)
        }
        if offGrid {
            // Off-grid parks may never feed the grid: every interval with surplus fails.
            checks.append(PolicyCheckResult(id: "off_grid_export_intervals", value: Double(exportIntervals), threshold: .zero, bound: .max, pass: exportIntervals == 0))
        }
    }
}

/// One policy check: the period's value, the threshold it must meet, and the result.
public struct PolicyCheckResult: Sendable {
    public var id: String
    public var value: Double
    public var threshold: Fixed6
    public var bound: PolicyRule.Bound
    public var pass: Bool
}
