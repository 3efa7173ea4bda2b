extension IntervalBuilder {
    /// The boundaries `B` with `t1 < B <= t2` and the events they complete (see the type's rules).
    mutating func boundaries(from t1: Int64, _ r1: Int64, to t2: Int64, _ r2: Int64) -> [TelemetryEvent] {
        let step = settings.intervalSeconds * 1000
        var b = Self.floorDivide(t1, step) * step + step
        guard b <= t2 else { return [] }
        let span = t2 - t1
        if span > settings.maxGapMillis {
            // Boundaries inside the gap get no value; the intervals from the last known one on
            // are reported as a gap when the next boundary is reached.
            if boundary != nil, gapFrom == nil { gapFrom = boundary }
            return []
        }
        var events: [TelemetryEvent] = []
        // r2 >= r1 here: add(_:) has made the register continuous.
        while b <= t2 {
            let value = r1 + ExactArithmetic.mulDiv(r2 - r1, b - t1, span).quotient
            if let event = reach(boundary: b / 1000, value: value, bracket: span) { events.append(event) }
            b += step
        }
        return events
    }

    /// Records the register at a boundary and returns the interval (or gap) it closes.
    private mutating func reach(boundary end: Int64, value: Int64, bracket: Int64) -> TelemetryEvent? {
        let start = boundary, startValue = boundaryWh, startBracket = boundaryBracket
        let touched = disturbed.map { start != nil && $0.from < end * 1000 && $0.to > start! * 1000 } ?? false
        if let span = disturbed, span.to <= end * 1000 { disturbed = nil }
        boundary = end
        boundaryWh = value
        boundaryBracket = bracket
        guard let start, let startValue else { return nil }
        if let from = gapFrom {
            gapFrom = nil
            return .gap(from: from, to: end, energyWh: value - startValue)
        }
        var quality = Quality.measured
        if bracket > settings.measuredWithinMillis || (startBracket ?? .max) > settings.measuredWithinMillis {
            quality = .interpolated
        }
        if touched { quality = max(quality, .estimated) }
        return .interval(start: start, energyWh: value - startValue, quality: quality)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
