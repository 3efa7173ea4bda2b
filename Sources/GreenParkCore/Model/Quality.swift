/// The quality flag of one stored interval value. It is stored with the value and never
/// dropped: an estimate stays marked as an estimate in every export and report.
///
/// Raw values are stable (they are written to the store); higher means less direct.
public enum Quality: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// No value: a gap. Never turned into zero.
    case missing = 0
    /// Metered and delivered as measured (or summed from finer measured values).
    case measured = 1
    /// Measured energy of a coarser interval split evenly into the park's intervals,
    /// only when the user asked for it (`--split even`).
    case split = 2
    /// Marked as estimated by the source of the file (its `quality` column).
    case estimated = 3
    /// Filled in by GreenPark (`--estimate linear`), never by default.
    case interpolated = 4

    public var description: String {
        switch self {
        case .missing: "missing"
        case .measured: "measured"
        case .split: "split"
        case .estimated: "estimated"
        case .interpolated: "interpolated"
        }
    }

    /// Reads the names written by ``description`` and common synonyms used by meter
    /// data systems (`actual`, `A`, `E`, `substituted`). Case-insensitive.
    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "measured", "actual", "a", "m", "valid", "ok": self = .measured
        case "split": self = .split
        case "estimated", "e", "substituted", "s": self = .estimated
        case "interpolated": self = .interpolated
        default: return nil
        }
    }

    public static func < (lhs: Quality, rhs: Quality) -> Bool { lhs.rawValue < rhs.rawValue }
}
