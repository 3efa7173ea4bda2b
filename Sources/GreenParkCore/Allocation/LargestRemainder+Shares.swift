extension LargestRemainder {
    /// `amount` split in proportion to `weights` (all >= 0), exactly: each part is
    /// `floor(amount * w_k / sum w)`, and the Wh left over go one each to the largest
    /// remainders, ties to the lower index. The parts sum to `amount`; all 0 when the
    /// weights sum to 0. A plain version of the engine's kernel, for small splits (a
    /// member's meters, an installation's goods).
    public static func shares(of amount: Int64, weights: [Int64]) -> [Int64] {
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard total > 0, amount > 0 else { return Array(repeating: 0, count: weights.count) }
        var parts = [Int64](repeating: 0, count: weights.count)
        var remainders: [(remainder: Int128, index: Int)] = []
        var given: Int64 = 0
        for (k, w) in weights.enumerated() {
            let product = Int128(amount) * Int128(w)
            parts[k] = Int64(product / total)
            given += parts[k]
            remainders.append((product % total, k))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for k in 0..<Int(amount - given) { parts[remainders[k].index] += 1 }
        return parts
    }
}
