/// A member's (or the park's) energy hour by hour over a period: consumption, the green
/// energy it received over the direct line (with storage: and the green part, by origin, of
/// what it took from storage, in the discharge hour, DOMAIN.md 4a), and the rest
/// (`consumption - green`: grid import, and energy from storage charged from the grid).
/// Hours are local clock hours: they start at `start`, the beginning of the local hour
/// holding the period's first instant, in steps of 3,600 s.
public struct HourlyEnergy: Sendable, Equatable {
    public var start: Timestamp
    /// Metered consumption per hour (Wh).
    public var consumption: [Int64]
    /// Green energy allocated per hour (Wh); never above consumption.
    public var green: [Int64]
    /// Generation per hour (Wh): the park's generators for the park series, 0 for a member.
    public var generation: [Int64]
    /// Emissions of the green energy per hour at its generators' rates, in micrograms
    /// (Wh x millionths of a g/Wh): 0 unless a generator has a non-zero rate (biomass).
    public var directMicrograms: [Int128]

    public init(start: Timestamp, consumption: [Int64], green: [Int64], generation: [Int64]? = nil,
                directMicrograms: [Int128]? = nil) {
        precondition(consumption.count == green.count)
        self.start = start
        self.consumption = consumption
        self.green = green
        self.generation = generation ?? Array(repeating: 0, count: consumption.count)
        self.directMicrograms = directMicrograms ?? Array(repeating: 0, count: consumption.count)
    }

    public var hours: Int { consumption.count }

    /// Grid import in hour `h` (Wh).
    public func grid(_ h: Int) -> Int64 { consumption[h] - green[h] }

    /// The start of hour `h`.
    public func hourStart(_ h: Int) -> Timestamp { start.adding(seconds: Int64(h) * 3600) }

    /// Each member's hours, then the park's (the sum, with generation), from an
    /// allocation run. Intervals shorter than an hour are summed into their hour; intervals
    /// the run left out (gaps skipped for everyone) count for nobody, as in the summary.
    /// `hourOffset`: how far local clock hours are from UTC hours (0 to 3599 s).
    /// `rates`: each generator's direct-line rate in millionths of a g/Wh
    /// (``DirectRates``); empty when every rate is 0. `storage`: what the members took from
    /// storage (its green part counts as green; the green released from a biomass plant's
    /// charge is counted at 0 g here, unlike its direct supply).
    public static func of(data: PeriodData, outcome: AllocationOutcome, hourOffset: Int64 = 0,
                          rates: [Int64] = [], storage: StorageSupply? = nil)
        -> (members: [HourlyEnergy], park: HourlyEnergy) {
        let n = data.problem.memberCount, m = data.problem.generatorCount
        let start = Timestamp(seconds: data.from.seconds - (((data.from.seconds + hourOffset) % 3600) + 3600) % 3600)
        let hours = Int((data.to.seconds - start.seconds + 3599) / 3600)
        var consumption = [[Int64]](repeating: Array(repeating: 0, count: hours), count: n)
        var green = consumption
        var direct = [[Int128]](repeating: Array(repeating: 0, count: hours), count: rates.contains { $0 != 0 } ? n : 0)
        var generation = [Int64](repeating: 0, count: hours)
        for t in 0..<data.problem.intervalCount where !data.problem.excluded[t] {
            let h = Int((data.start(ofInterval: t).seconds - start.seconds) / 3600)
            for i in 0..<n {
                consumption[i][h] += data.problem.consumption[t * n + i]
                green[i][h] += outcome.allocated[t * n + i] + (storage?.green[t * n + i] ?? 0)
            }
            for j in 0..<m { generation[h] += data.problem.generation[t * m + j] }
            for i in direct.indices {
                for j in 0..<m where rates[j] != 0 {
                    direct[i][h] += Int128(outcome.allocated(interval: t, member: i, generator: j)) * Int128(rates[j])
                }
            }
        }
        let members = (0..<n).map {
            HourlyEnergy(start: start, consumption: consumption[$0], green: green[$0],
                         directMicrograms: direct.isEmpty ? nil : direct[$0])
        }
        let park = HourlyEnergy(
            start: start,
            consumption: (0..<hours).map { h in consumption.reduce(0) { $0 + $1[h] } },
            green: (0..<hours).map { h in green.reduce(0) { $0 + $1[h] } }, generation: generation,
            directMicrograms: direct.isEmpty ? nil : (0..<hours).map { h in direct.reduce(Int128(0)) { $0 + $1[h] } })
        return (members, park)
    }

    /// The sums over hours `range`.
    public func totals(_ range: Range<Int>) -> (consumption: Int64, green: Int64, grid: Int64) {
        var c: Int64 = 0, g: Int64 = 0
        for h in range { c += consumption[h]; g += green[h] }
        return (c, g, c - g)
    }
}
