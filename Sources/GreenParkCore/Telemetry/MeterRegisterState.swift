/// Where a meter's register stood when intervals were last computed: what the poller
/// stores so that a restart continues without a gap and without counting anything twice.
/// ``IntervalBuilder`` makes and reads it; the store keeps it as it is.
public struct MeterRegisterState: Sendable, Equatable {
    public let meter: String
    /// The last accepted read, raw as the meter showed it.
    public let last: RegisterRead?
    /// Added to raw values to make one register that never goes down across rollovers and
    /// replacements.
    public let offsetWh: Int64
    /// The last interval boundary (Unix seconds) whose register value is known; intervals
    /// ending there or earlier were produced.
    public let boundary: Int64?
    /// The continuous register at ``boundary``.
    public let boundaryWh: Int64?
    /// The span between the two reads the boundary value was interpolated from (ms).
    public let boundaryBracketMillis: Int64?
    /// When set, the intervals from this boundary on have no values (a long gap): the next
    /// boundary reached reports them as a gap.
    public let gapFrom: Int64?
    /// A span (ms) in which the meter was replaced or reset: intervals touching it are estimated.
    public let disturbedFrom: Int64?
    public let disturbedTo: Int64?

    public init(
        meter: String, last: RegisterRead? = nil, offsetWh: Int64 = 0, boundary: Int64? = nil, boundaryWh: Int64? = nil,
        boundaryBracketMillis: Int64? = nil, gapFrom: Int64? = nil, disturbedFrom: Int64? = nil,
        disturbedTo: Int64? = nil
    ) {
        self.meter = meter
        self.last = last
        self.offsetWh = offsetWh
        self.boundary = boundary
        self.boundaryWh = boundary == nil ? nil : boundaryWh
        self.boundaryBracketMillis = boundary == nil ? nil : boundaryBracketMillis
        self.gapFrom = gapFrom
        self.disturbedFrom = disturbedTo == nil ? nil : disturbedFrom
        self.disturbedTo = disturbedFrom == nil ? nil : disturbedTo
    }
}
