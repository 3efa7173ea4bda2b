/// Exact integer helpers for the allocation rules: products that may not fit in Int64
/// are formed at full width (128 bits), so `floor(a * b / c)` is exact for any Int64
/// inputs whose quotient fits.
public enum ExactArithmetic {
    /// `(floor(a * b / c), a * b mod c)` for `a, b >= 0`, `c > 0`, when the quotient fits in
    /// Int64 (it does whenever `b <= c`).
    @inline(__always)
    public static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        if high == 0 && low <= UInt64(Int64.max) {
            let product = Int64(low)
            return (product / c, product % c)
        }
        return c.dividingFullWidth((high, low))
    }

    /// Whether `a * b < c * d` for non-negative values, compared at full width.
    @inline(__always)
    public static func productLess(_ a: Int64, _ b: Int64, than c: Int64, _ d: Int64) -> Bool {
        let left = a.multipliedFullWidth(by: b)
        let right = c.multipliedFullWidth(by: d)
        return left.high < right.high || (left.high == right.high && left.low < right.low)
    }
}
