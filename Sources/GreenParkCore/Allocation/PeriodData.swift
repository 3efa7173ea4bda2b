/// The metered data of a period in the shape the allocation engine needs, read from a
/// ``ReadingStore``: member consumption (the sum of each member's meters) and generator
/// output per interval, and the gaps where a meter has no value.
///
/// Missing data never silently becomes zero (DOMAIN.md 3): an interval where any member or
/// generator meter has no value is a gap; the caller decides by ``GapPolicy``.
public struct PeriodData: Sendable {
    public var from: Timestamp
    public var to: Timestamp
    public var resolution: Resolution
    public var problem: AllocationProblem
    /// Gaps per meter (ranges of missing intervals).
    public var gaps: [GapRange]
    /// Intervals with at least one gap.
    public var gapIntervals: Int
    /// Consumption per interval of each meter of members with CBAM installations (their
    /// green energy is split among meters, DOMAIN.md 5).
    public var meterConsumption: [String: [Int64]] = [:]
    /// The metered charge and discharge of the park's storage devices (nil: none).
    public var storage: StorageSeries?

    public init(from: Timestamp, to: Timestamp, resolution: Resolution, problem: AllocationProblem, gaps: [GapRange] = [], gapIntervals: Int = 0,
                meterConsumption: [String: [Int64]] = [:]) {
        self.from = from
        self.to = to
        self.resolution = resolution
        self.problem = problem
        self.gaps = gaps
        self.gapIntervals = gapIntervals
        self.meterConsumption = meterConsumption
    }

    /// The longest period a run may cover: 3,660 days (ten years).
    public static let maximumDays: Int64 = 3_660

    /// Start of interval `t`.
    public func start(ofInterval t: Int) -> Timestamp { from.adding(seconds: Int64(t) * resolution.seconds) }

    /// Each member's metered consumption per local clock hour, from the hour holding `from`
    /// (`hourOffset`: how far local clock hours are from UTC hours, 0 to 3599 s). Every
    /// metered value counts, also in intervals a gap policy left out of the allocation:
    /// this is the consumption a claim may cover.
    public func hourlyConsumption(hourOffset: Int64) -> (firstHour: Timestamp, members: [[Int64]]) {
        let n = problem.memberCount
        let first = Timestamp(seconds: from.seconds - (((from.seconds + hourOffset) % 3600) + 3600) % 3600)
        let hours = Int((to.seconds - first.seconds + 3599) / 3600)
        var members = [[Int64]](repeating: Array(repeating: 0, count: hours), count: n)
        for t in 0..<problem.intervalCount {
            let h = Int((start(ofInterval: t).seconds - first.seconds) / 3600)
            for i in 0..<n { members[i][h] += problem.consumption[t * n + i] }
        }
        return (first, members)
    }

    /// Reads `[from, to)` of `park` from `store`. `from` and `to` must lie on the park's
    /// interval grid.
    public static func load(park: Park, store: any ReadingStore, from: Timestamp, to: Timestamp) throws -> PeriodData {
        let resolution = park.settings.resolution
        let step = resolution.seconds
        guard from < to, from.seconds % step == 0, to.seconds % step == 0 else {
            throw AllocationSetupError(message: "the period \(from) to \(to) must be non-empty and start and end on the park's \(resolution.minutes)-minute grid")
        }
        guard to.seconds - from.seconds <= Self.maximumDays * 86_400 else {
            throw AllocationSetupError(
                message: "the period \(from) to \(to) is longer than \(Self.maximumDays) days; run it in parts")
        }
        let count = Int((to.seconds - from.seconds) / step)
        let n = park.members.count, m = park.generators.count
        var consumption = [Int64](repeating: 0, count: n * count)
        var generation = [Int64](repeating: 0, count: m * count)
        var missing = [Bool](repeating: false, count: count)
        var gaps: [GapRange] = []

        func read(_ meter: String, _ body: (Int, Int64) -> Void) throws {
            var present = [Bool](repeating: false, count: count)
            for block in try store.days(meter: meter, in: from.utcDay..<(Timestamp(seconds: to.seconds - 1).utcDay + 1)) {
                guard block.intervalCount == resolution.intervalsPerDay else {
                    throw AllocationSetupError(message: "meter \(meter) is stored at another resolution than the park's \(resolution.minutes) minutes")
                }
                for k in 0..<block.intervalCount where block.quality[k] != .missing {
                    let start = block.start(ofInterval: k).seconds
                    guard start >= from.seconds, start < to.seconds else { continue }
                    let t = Int((start - from.seconds) / step)
                    present[t] = true
                    body(t, block.energyWh[k])
                }
            }
            var t = 0
            while t < count {
                guard !present[t] else { t += 1; continue }
                let first = t
                while t < count, !present[t] { missing[t] = true; t += 1 }
                gaps.append(GapRange(meter: meter, start: from.adding(seconds: Int64(first) * step), end: from.adding(seconds: Int64(t) * step), intervals: t - first))
            }
        }
        var meterConsumption: [String: [Int64]] = [:]
        var overflowed = false
        for (i, member) in park.members.enumerated() {
            for meter in member.meters {
                var own = member.installations.isEmpty ? [] : [Int64](repeating: 0, count: count)
                try read(meter) { t, wh in
                    let (sum, overflow) = consumption[t * n + i].addingReportingOverflow(wh)
                    consumption[t * n + i] = sum
                    overflowed = overflowed || overflow
                    if !own.isEmpty { own[t] = wh }
                }
                if !own.isEmpty { meterConsumption[meter] = own }
            }
        }
        for (j, generator) in park.generators.enumerated() {
            try read(generator.meter) { t, wh in generation[t * m + j] = wh }
        }
        var storage: StorageSeries?
        if !park.storage.isEmpty {
            let s = park.storage.count
            var series = StorageSeries(devices: park.storage, intervalCount: count,
                                       charge: Array(repeating: 0, count: s * count),
                                       discharge: Array(repeating: 0, count: s * count))
            for (k, device) in park.storage.enumerated() {
                try read(device.chargeMeter) { t, wh in series.set(wh, interval: t, device: k, isCharge: true) }
                try read(device.dischargeMeter) { t, wh in series.set(wh, interval: t, device: k, isCharge: false) }
            }
            storage = series
        }
        let problem = AllocationProblem(memberCount: n, generatorCount: m, intervalCount: count, consumption: consumption, generation: generation)
        if overflowed { throw ImplausibleEnergy(from: from, to: to, negative: false) }
        var data = PeriodData(from: from, to: to, resolution: resolution, problem: problem, gaps: gaps, gapIntervals: missing.filter { $0 }.count)
        data.meterConsumption = meterConsumption
        data.storage = storage
        try data.checkTotals()
        return data
    }

    /// Applies the gap policy: `.fail` throws ``MissingData`` when there is any gap;
    /// `.skipInterval` excludes every interval with a gap, for everyone.
    public mutating func apply(_ policy: GapPolicy) throws {
        guard gapIntervals > 0 else { return }
        switch policy {
        case .fail:
            throw MissingData(gaps: gaps, intervals: gapIntervals)
        case .skipInterval:
            let step = resolution.seconds
            for gap in gaps {
                let first = Int((gap.start.seconds - from.seconds) / step)
                for t in first..<(first + gap.intervals) { problem.excluded[t] = true }
            }
        }
    }
}

/// What to do with intervals where a meter has no value.
public enum GapPolicy: String, Sendable, CaseIterable {
    /// The run fails and lists the gaps (default).
    case fail
    /// Those intervals are excluded for everyone, and counted in the result.
    case skipInterval = "skip-interval"
}

/// The period has gaps and the gap policy is `fail`.
public struct MissingData: GreenParkError {
    public var gaps: [GapRange]
    public var intervals: Int
    public var code: String { "allocation.missing-data" }

    public var message: String {
        var lines = ["missing meter data in \(intervals) interval\(intervals == 1 ? "" : "s"); no interval is allocated with a missing value taken as zero:"]
        lines += gaps.prefix(20).map { "  \($0)" }
        if gaps.count > 20 { lines.append("  ... and \(gaps.count - 20) more gaps") }
        lines.append("import the missing readings (or estimate short gaps with import --estimate linear), or pass --gaps skip-interval to leave those intervals out for everyone")
        return lines.joined(separator: "\n")
    }
}
