/// Fills a short gap between two known values on a straight line (VEE estimation).
///
/// Rule: with `a` the value before the gap, `b` the value after it and `n` missing
/// intervals, interval `j` (1...n) gets `a + (b - a) * j / (n + 1)`, rounded half-to-even
/// to the Wh. GreenPark estimates only when asked (`--estimate linear`) and only gaps of
/// at most `--max-gap` intervals; the results carry ``Quality/interpolated``.
///
/// Example: a = 100, b = 200, n = 3: 125, 150, 175.
public enum LinearInterpolation {
    public static func fill(before a: Int64, after b: Int64, count n: Int) -> [Int64] {
        precondition(n > 0 && a >= 0 && b >= 0)
        let denominator = Int64(n + 1)
        return (1...n).map { j in
            let numerator = (b - a) * Int64(j) // |b - a| * j: bounded by plausible energies
            return a + Rounding.halfEven(numerator, denominator)
        }
    }

}
