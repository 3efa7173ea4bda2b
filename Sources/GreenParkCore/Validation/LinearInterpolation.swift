/// Fills a short gap between two known values on a straight line (VEE estimation).
///
/// Rule: with `a` the value before the gap, `b` the value after it and `n` missing
/// intervals, interval `j` (1...n) gets `(a * (n + 1 - j) + b * j) / (n + 1)`, the point
/// on the line, rounded half-to-even to the Wh (1 -> ? -> 2 fills 2: 1.5 rounds to 2). GreenPark estimates only when asked (`--estimate linear`) and only gaps of
/// at most `--max-gap` intervals; the results carry ``Quality/interpolated``.
///
/// Example: a = 100, b = 200, n = 3: 125, 150, 175.
public enum LinearInterpolation {
    public static func fill(before a: Int64, after b: Int64, count n: Int) -> [Int64] {
        precondition(n > 0 && a >= 0 && b >= 0)
        let denominator = Int64(n + 1)
        return (1...n).map { j in
            // a, b <= EnergyDecimal.maximumWh (1e11) and n + 1 is small: no overflow.
            Rounding.halfEven(a * (denominator - Int64(j)) + b * Int64(j), denominator)
        }
    }

}
