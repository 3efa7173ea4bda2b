/// An exact ratio of two energies (e.g. sum A / sum G), compared exactly against policy
/// thresholds and shown as a decimal.
public struct Ratio: Sendable, Equatable {
    public var numerator: Int64
    public var denominator: Int64

    public init(_ numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 0 when the denominator is 0.
    public var value: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }

    /// Whether the ratio is at least `threshold`, exactly: `num * 1e6 >= t * den`.
    public func isAtLeast(_ threshold: Fixed6) -> Bool {
        guard denominator > 0 else { return false }
        return !ExactArithmetic.productLess(numerator, Fixed6.scale, than: threshold.millionths, denominator)
    }

    /// Whether the ratio is at most `threshold`, exactly.
    public func isAtMost(_ threshold: Fixed6) -> Bool {
        guard denominator > 0 else { return true }
        return !ExactArithmetic.productLess(threshold.millionths, denominator, than: numerator, Fixed6.scale)
    }
}
