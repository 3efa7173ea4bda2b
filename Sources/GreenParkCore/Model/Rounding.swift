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

    /// `a x b / c` rounded half-to-even, for `a, b >= 0` and `c > 0`, exactly (the product
    /// is taken at full width): money lines, VAT, prorated charges.
    public static func mulDivHalfEven(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let (q, r) = ExactArithmetic.mulDiv(a, b, c)
        return r * 2 > c || (r * 2 == c && q % 2 != 0) ? q + 1 : q
    }
}
