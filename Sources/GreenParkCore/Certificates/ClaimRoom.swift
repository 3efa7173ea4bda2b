/// A member's metered consumption hour by hour over a reporting period, and what earlier
/// redemptions already cover: the room a new redemption may fill (DOMAIN.md 4, normative:
/// every redeemed Wh covers one Wh of the member's metered consumption inside the
/// redemption's reporting period, and no Wh of consumption is ever covered twice, whatever
/// the reporting periods).
///
/// Hours are local clock hours: hour `h` is `[firstHour + h x 3600 s, + 3600 s)`, cut to
/// the reporting period at its ends.
public struct ClaimRoom: Sendable, Equatable {
    public let firstHour: Timestamp
    /// Metered consumption per hour inside the period (Wh).
    public let consumption: [Int64]
    /// Consumption per hour covered by earlier redemptions (Wh).
    public let covered: [Int64]

    /// The room over `consumption` (per hour from `firstHour`) left by `earlier` coverage
    /// of the same member (any statements; their hours outside this period do not count).
    public init(firstHour: Timestamp, consumption: [Int64], earlier: [ClaimCoverage]) {
        var covered = [Int64](repeating: 0, count: consumption.count)
        for coverage in earlier {
            let offset = (coverage.firstHour.seconds - firstHour.seconds) / 3600
            for (k, wh) in coverage.coveredWh.enumerated() where wh != 0 {
                let h = Int(offset) + k
                if h >= 0 && h < covered.count { covered[h] += wh }
            }
        }
        self.firstHour = firstHour
        self.consumption = consumption
        self.covered = covered
    }

    public var hours: Int { consumption.count }

    /// Consumption of hour `h` not yet covered (never negative: a reading corrected
    /// downwards after a redemption leaves no room, and the Quality Criteria flag it).
    public func uncovered(_ h: Int) -> Int64 { max(0, consumption[h] - covered[h]) }

    /// All consumption of the period not yet covered.
    public var uncoveredWh: Int64 { (0..<hours).reduce(0) { $0 + uncovered($1) } }

    /// The index of the hour holding `instant`, if it lies in the period's hours.
    public func hour(of instant: Timestamp) -> Int? {
        let offset = instant.seconds - firstHour.seconds
        guard offset >= 0 else { return nil }
        let h = Int(offset / 3600)
        return h < hours ? h : nil
    }

    /// Hour indices overlapping `[start, end)`.
    func hours(from start: Timestamp, to end: Timestamp) -> Range<Int> {
        let lower = max(0, Int((start.seconds - firstHour.seconds) / 3600))
        let upper = min(hours, Int((end.seconds - firstHour.seconds + 3599) / 3600))
        return lower < upper ? lower..<upper : 0..<0
    }

    /// Where `pieces` of certificates (production period and Wh) cover consumption, on top
    /// of what is covered already: each piece first fills the hours of its own production
    /// period inside the reporting period (an hourly certificate only its own hour), in
    /// time order; what a monthly or longer piece has left then fills the other hours of
    /// the period in time order. Returns the Wh covered per hour and what did not fit.
    public func place(_ pieces: [(start: Timestamp, end: Timestamp, wh: Int64)], hourly: Bool) -> ([Int64], leftover: Int64) {
        var free = (0..<hours).map(uncovered)
        var placed = [Int64](repeating: 0, count: hours)
        var rest: Int64 = 0
        var spill: Int64 = 0
        for piece in pieces {
            var wh = piece.wh
            for h in hours(from: piece.start, to: piece.end) where wh > 0 {
                let take = min(wh, free[h])
                free[h] -= take
                placed[h] += take
                wh -= take
            }
            if hourly { rest += wh } else { spill += wh }
        }
        for h in 0..<hours where spill > 0 {
            let take = min(spill, free[h])
            free[h] -= take
            placed[h] += take
            spill -= take
        }
        return (placed, rest + spill)
    }
}
