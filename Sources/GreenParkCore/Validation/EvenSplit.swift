/// Splits measured energy of a coarser interval evenly into equal parts, in whole Wh.
///
/// Rule: every part gets `floor(E / n)`; the `E mod n` Wh left over go one each to
/// the first parts (earliest intervals first). The parts sum exactly to `E`.
/// Used only when the user asks for it (`--split even`); the parts carry
/// ``Quality/split``.
///
/// Example: 1,000 Wh over 3 parts is 334 + 333 + 333.
public enum EvenSplit {
    public static func split(_ energyWh: Int64, into parts: Int) -> [Int64] {
        precondition(parts > 0 && energyWh >= 0)
        let n = Int64(parts)
        let base = energyWh / n
        let rest = Int(energyWh % n)
        return (0..<parts).map { base + ($0 < rest ? 1 : 0) }
    }
}
