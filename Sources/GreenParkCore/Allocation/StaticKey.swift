/// `static`: fixed shares. DOMAIN.md 3, normative.
///
/// Each member has a fixed share `s_i` of the generation (shares sum to at most 1):
/// `A_i = min(C_i, floor(s_i * G))`, with `s_i` exact in millionths. What a member does
/// not use is surplus; it is not passed on to others (that is the `weighted` key).
///
/// Example: s = (0.30, 0.50), G = 1,000, C = (200, 800): floor(300) -> min(200, 300) = 200,
/// floor(500) -> min(800, 500) = 500; surplus 300.
public enum StaticKey {
    /// `shares` are millionths. Returns the allocated total.
    @inline(__always)
    public static func allocate(
        green: Int64, consumption: UnsafePointer<Int64>, shares: UnsafePointer<Int64>, count n: Int,
        into allocated: UnsafeMutablePointer<Int64>
    ) -> Int64 {
        var sum: Int64 = 0
        let g = max(green, 0)
        for i in 0..<n {
            let entitled = ExactArithmetic.mulDiv(shares[i], g, Fixed6.scale).quotient
            allocated[i] = min(consumption[i], entitled)
            sum += allocated[i]
        }
        return sum
    }
}
