/// What turning a meter's register reads into interval energy produced or noticed.
public enum TelemetryEvent: Sendable, Equatable {
    /// The energy of the interval starting at `start` (Unix seconds), with its quality.
    case interval(start: Int64, energyWh: Int64, quality: Quality)
    /// Intervals `[from, to)` (Unix seconds) have no value: the meter was not read for longer
    /// than the longest gap that may be interpolated. The register still shows how much
    /// energy went through in all: `energyWh`, which no interval holds.
    case gap(from: Int64, to: Int64, energyWh: Int64)
    /// The register went down at its rollover value: `moduloWh` was added to what follows.
    case rollover(atMillis: Int64, beforeWh: Int64, afterWh: Int64, moduloWh: Int64)
    /// Another meter answers (a new serial number or address): the register continues from
    /// the old meter's last value, and the intervals around the swap are marked estimated.
    case replaced(atMillis: Int64, oldIdentity: String?, newIdentity: String?, beforeWh: Int64, afterWh: Int64)
    /// The register went down without rolling over (a reset, or a replacement the meter did
    /// not identify): handled like a replacement.
    case reset(atMillis: Int64, beforeWh: Int64, afterWh: Int64)
    /// A read that cannot follow the one before (not later in time, or beyond 64 bits).
    case ignored(atMillis: Int64, rawWh: Int64, reason: String)

    /// A stable name of the kind, for the store and logs.
    public var kind: String {
        switch self {
        case .interval: "interval"
        case .gap: "gap"
        case .rollover: "rollover"
        case .replaced: "replaced"
        case .reset: "reset"
        case .ignored: "ignored"
        }
    }
}
