/// A member's actual emission factor of its direct-line supply over a period (EU CBAM:
/// an actual factor is allowed with a direct technical connection, backed by metering;
/// DOMAIN.md 5): the generators' rates weighted by the Wh each allocated to the member.
/// 0 when every supplying generator is wind, solar or hydro; biomass counts at its rate.
///
/// `grams(greenWh)` = `greenWh x sum_j(A_j x rate_j) / sum_j(A_j)` with rates in g/Wh,
/// rounded half to even to the gram; exact in 128-bit integers.
public struct DirectSupplyRate: Sendable, Equatable {
    /// Sum of Wh x rate (millionths of g/Wh) over the supplying generators.
    public let weighted: Int128
    /// Wh allocated from them.
    public let wh: Int64

    /// The rate of `member`'s supply in `[data.from, data.to)` (excluded intervals left out).
    public init(park: Park, member i: Int, data: PeriodData, outcome: AllocationOutcome) throws {
        let rates = try DirectRates.millionths(park)
        var weighted: Int128 = 0, wh: Int64 = 0
        if !rates.isEmpty {
            for t in 0..<data.problem.intervalCount where !data.problem.excluded[t] {
                for j in rates.indices {
                    let a = outcome.allocated(interval: t, member: i, generator: j)
                    weighted += Int128(a) * Int128(rates[j])
                    wh += a
                }
            }
        }
        self.weighted = weighted
        self.wh = wh
    }

    /// Grams of CO2 of `greenWh` of this supply.
    public func grams(_ greenWh: Int64) -> Int64 {
        guard weighted != 0, wh > 0 else { return 0 }
        let numerator = Int128(greenWh) * weighted, denominator = Int128(wh) * 1_000_000
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return Int64(r * 2 > denominator || (r * 2 == denominator && q % 2 != 0) ? q + 1 : q)
    }

    /// The factor in g/Wh (= t CO2/MWh) as millionths, rounded down, for reports.
    public var millionths: Int64 { wh > 0 ? Int64(weighted / Int128(wh)) : 0 }
}
