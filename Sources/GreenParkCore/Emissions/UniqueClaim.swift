/// Scope 2 Quality Criterion 2, "unique claim", checked against the hours a statement
/// covers (DOMAIN.md 4): the statement records the hours of consumption it covers, they
/// add up to what it redeemed, and in each of them all the member's statements together
/// cover no more than the member's metered consumption. A reading corrected downwards after
/// a redemption (the statement is flagged, or an hour is over-covered), or a statement made
/// before GreenPark recorded coverage, fails it.
public enum UniqueClaim {
    public struct Result: Sendable, Equatable {
        public var pass: Bool
        public var why: String

        public init(pass: Bool, why: String) {
            self.pass = pass
            self.why = why
        }
    }

    /// Checks `statement` against every statement of its beneficiary (`statements`) and the
    /// beneficiary's metered consumption per hour (`consumption`, hours from `firstHour`).
    /// Hours outside `consumption` are not judged; the result says how many were.
    public static func check(_ statement: RedemptionStatement, statements: [RedemptionStatement],
                             consumption: [Int64], firstHour: Timestamp) -> Result {
        guard let coverage = statement.coverage else {
            return Result(pass: false, why: "statement \(statement.id) records no hours of consumption covered "
                + "(made before GreenPark recorded them): a double claim cannot be ruled out")
        }
        guard statement.flags.isEmpty else {
            return Result(pass: false, why: "statement \(statement.id) was flagged by correction "
                + "\(statement.flags.joined(separator: ", ")): it redeemed certificates of a period whose readings were "
                + "corrected downwards after the redemption, so they stand for more than was metered")
        }
        guard coverage.totalWh == statement.volumeWh else {
            return Result(pass: false, why: "statement \(statement.id) redeemed \(statement.volumeWh) Wh but covers "
                + "\(coverage.totalWh) Wh of consumption")
        }
        var covered = [Int64](repeating: 0, count: consumption.count)
        for other in statements where other.beneficiary == statement.beneficiary {
            for (start, wh) in other.coverage?.hours ?? [] {
                let h = (start.seconds - firstHour.seconds) / 3600
                if h >= 0 && h < covered.count && start.seconds >= firstHour.seconds { covered[Int(h)] += wh }
            }
        }
        var judged = 0
        for (start, _) in coverage.hours {
            guard start.seconds >= firstHour.seconds else { continue }
            let h = Int((start.seconds - firstHour.seconds) / 3600)
            guard h < consumption.count else { continue }
            judged += 1
            if covered[h] > consumption[h] {
                return Result(pass: false, why: "in the hour from \(start.iso8601) the statements of "
                    + "\(statement.beneficiary) cover \(covered[h]) Wh, more than its metered consumption of "
                    + "\(consumption[h]) Wh (a reading corrected after the redemption?)")
            }
        }
        return Result(pass: true, why: "covers \(coverage.totalWh) Wh in \(coverage.hours.count) hours of "
            + "\(statement.beneficiary)'s consumption, recorded per hour with every statement; in the \(judged) of them "
            + "in this report all statements together cover no more than the metered consumption")
    }
}
