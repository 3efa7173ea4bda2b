/// Turns the reads of one meter's cumulative energy register into interval energy.
///
/// Rules:
/// - The register is made continuous: a rollover (``RegisterRollover``) adds its value to
///   what follows; a replacement (another identity) or a reset (a decrease that is not a
///   rollover) continues from the last value, and intervals touching the span between the
///   two reads are marked `estimated`.
/// - Each interval boundary `B` between two reads `(t1, r1)` and `(t2, r2)` with
///   `t1 < B <= t2` gets the register value `r1 + floor((r2 - r1) * (B - t1) / (t2 - t1))`
///   (exact integers). An interval's energy is the difference of its boundary values, so
///   the intervals of any span sum exactly to the register's difference over that span.
/// - An interval is `measured` when both of its boundary values come from reads at most
///   `measuredWithinMillis` apart, `interpolated` otherwise. Reads farther apart than
///   `maxGapMillis` are not interpolated across: the intervals between are a ``TelemetryEvent/gap``
///   that carries the energy the register shows for it.
/// - The first interval after a fresh start is the first whose both boundaries lie after
///   the first read; a restart from a stored ``MeterRegisterState`` continues where it was.
/// - A read not later than the one before is ignored (and reported).
public struct IntervalBuilder: Sendable {
    public let settings: IntervalBuilderSettings
    // Internal, not public: only this type and its extension files change them together.
    private let meter: String
    var last: RegisterRead?
    var offsetWh: Int64
    var boundary: Int64?
    var boundaryWh: Int64?
    var boundaryBracket: Int64?
    var gapFrom: Int64?
    var disturbed: (from: Int64, to: Int64)?

    /// A builder that continues from `state` (a fresh meter: `MeterRegisterState(meter:)`).
    public init(settings: IntervalBuilderSettings, state: MeterRegisterState) {
        self.settings = settings
        meter = state.meter
        last = state.last
        offsetWh = state.offsetWh
        boundary = state.boundary
        boundaryWh = state.boundaryWh
        boundaryBracket = state.boundaryBracketMillis
        gapFrom = state.gapFrom
        if let from = state.disturbedFrom, let to = state.disturbedTo { disturbed = (from, to) }
    }

    /// What to store to continue later.
    public var state: MeterRegisterState {
        MeterRegisterState(
            meter: meter, last: last, offsetWh: offsetWh, boundary: boundary, boundaryWh: boundaryWh,
            boundaryBracketMillis: boundaryBracket, gapFrom: gapFrom, disturbedFrom: disturbed?.from,
            disturbedTo: disturbed?.to)
    }

    /// Takes the next read and returns the intervals it completes and what it noticed.
    public mutating func add(_ read: RegisterRead) -> [TelemetryEvent] {
        guard let previous = last else {
            last = read
            return []
        }
        guard read.atMillis > previous.atMillis else {
            return [.ignored(atMillis: read.atMillis, rawWh: read.rawWh,
                             reason: "not later than the read before (\(previous.atMillis) ms)")]
        }
        var events: [TelemetryEvent] = []
        let before = previous.rawWh &+ offsetWh
        var newOffset = offsetWh
        var swapped = false
        if let identity = read.identity, let old = previous.identity, identity != old {
            newOffset = before &- read.rawWh
            swapped = true
            events.append(.replaced(atMillis: read.atMillis, oldIdentity: old, newIdentity: identity,
                                    beforeWh: previous.rawWh, afterWh: read.rawWh))
        } else if read.rawWh < previous.rawWh {
            if let modulo = RegisterRollover.modulus(
                beforeWh: previous.rawWh, afterWh: read.rawWh, configuredWh: settings.rolloverWh) {
                newOffset = offsetWh &+ modulo
                events.append(.rollover(atMillis: read.atMillis, beforeWh: previous.rawWh, afterWh: read.rawWh,
                                        moduloWh: modulo))
            } else {
                newOffset = before &- read.rawWh
                swapped = true
                events.append(.reset(atMillis: read.atMillis, beforeWh: previous.rawWh, afterWh: read.rawWh))
            }
        }
        let (after, overflow) = read.rawWh.addingReportingOverflow(newOffset)
        let (growth, wide) = after.subtractingReportingOverflow(before)
        guard !overflow, !wide, growth >= 0 else {
            return [.ignored(atMillis: read.atMillis, rawWh: read.rawWh, reason: "the register leaves 64 bits")]
        }
        offsetWh = newOffset
        if swapped { disturbed = (previous.atMillis, read.atMillis) }
        events += boundaries(from: previous.atMillis, before, to: read.atMillis, after)
        last = read
        return events
    }
}
