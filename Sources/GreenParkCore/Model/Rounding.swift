/// Integer division with the rounding rules GreenPark documents.
public enum Rounding {
    /// `numerator / denominator` rounded half-to-even ("banker's rounding"), for
    /// `denominator > 0`: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2.
    public static func halfEven(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        precondition(denominator > 0)
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        if remainder < 0 { quotient -= 1; remainder += denominator }
        let (twice, overflow) = remainder.multipliedReportingOverflow(by: 2)
        if overflow || twice > denominator || (twice == denominator && quotient % 2 != 0) { quotient += 1 }
        return quotient
    }
}
