extension ExactArithmetic {
    /// `floor(a * b / c)` and the remainder, for `a >= 0`, `b >= 0`, `c > 0` where the
    /// 192-bit product would overflow Int128 (Shapley numerators times an amount in fen).
    /// The quotient must fit in Int64.
    public static func mulDiv(_ a: Int64, _ b: Int128, _ c: Int128) -> (quotient: Int64, remainder: Int128) {
        precondition(a >= 0 && b >= 0 && c > 0)
        let b128 = UInt128(b), c128 = UInt128(c), a128 = UInt128(UInt64(a))
        // a * b as three 64-bit limbs: low * a + (high * a) << 64.
        let low = (b128 & UInt128(UInt64.max)) * a128, high = (b128 >> 64) * a128
        let limb0 = UInt64(truncatingIfNeeded: low)
        let middle = (low >> 64) + (high & UInt128(UInt64.max))
        let limb1 = UInt64(truncatingIfNeeded: middle)
        let limb2 = UInt64(truncatingIfNeeded: (middle >> 64) + (high >> 64))
        // Long division, one bit at a time (the remainder stays below c < 2^127).
        var remainder: UInt128 = 0, quotient: UInt128 = 0
        for limb in [limb2, limb1, limb0] {
            for bit in stride(from: 63, through: 0, by: -1) {
                remainder = (remainder << 1) | UInt128((limb >> UInt64(bit)) & 1)
                quotient <<= 1
                if remainder >= c128 { remainder -= c128; quotient |= 1 }
            }
        }
        precondition(quotient <= UInt128(Int64.max), "quotient beyond Int64")
        return (Int64(quotient), Int128(remainder))
    }
}

extension LargestRemainder {
    /// `amount` split in proportion to wide weights (all >= 0), exactly, by largest
    /// remainder with ties to the lower index (as ``shares(of:weights:)``).
    public static func shares(of amount: Int64, wideWeights weights: [Int128]) -> [Int64] {
        let total = weights.reduce(Int128(0), +)
        guard total > 0, amount > 0 else { return Array(repeating: 0, count: weights.count) }
        var parts = [Int64](repeating: 0, count: weights.count)
        var remainders: [(remainder: Int128, index: Int)] = []
        var given: Int64 = 0
        for (k, w) in weights.enumerated() {
            let (q, r) = ExactArithmetic.mulDiv(amount, w, total)
            parts[k] = q
            given += q
            remainders.append((r, k))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for k in 0..<Int(amount - given) { parts[remainders[k].index] += 1 }
        return parts
    }
}
