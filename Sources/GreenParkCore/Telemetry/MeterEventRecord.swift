/// Something a meter's polling noticed, kept in the store for the operator: nothing about a
/// meter is hidden (a dead meter, a gap and the energy it held, a rollover, a replacement).
public struct MeterEventRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Intervals without a value; `energyWh` is what the register shows for them.
        case gap
        case rollover
        case replaced
        case reset
        /// A read that could not follow the one before.
        case ignored
        /// The meter failed `dead_after_failures` polls in a row.
        case dead
        /// A dead meter answers again.
        case alive
        /// An interval computed but refused by the store's validation (kept here with its value).
        case notStored = "not-stored"
    }

    public let meter: String
    public let atMillis: Int64
    public let kind: Kind
    /// Energy the event concerns (a gap's energy, a refused interval's value), when any.
    public let energyWh: Int64?
    public let detail: String

    public init(meter: String, atMillis: Int64, kind: Kind, energyWh: Int64? = nil, detail: String) {
        self.meter = meter
        self.atMillis = atMillis
        self.kind = kind
        self.energyWh = energyWh
        self.detail = detail
    }
}
