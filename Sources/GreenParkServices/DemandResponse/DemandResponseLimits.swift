import GreenParkCore

/// The park's grid-import limits per interval from demand-response events (docs/
/// demand-response.md): an event addressed to the park as a whole (no targets, or the park's
/// id among them) with an `IMPORT_CAPACITY_LIMIT` payload (kW) limits the import of every
/// park interval it overlaps to `kW x interval hours`, in Wh; where events overlap, the
/// lowest limit holds; a limit beyond Int64 Wh is Int64.max (no limit). Events addressed to
/// members only are their VENs' business: they do not limit the park's schedule.
public enum DemandResponseLimits {
    /// The payload type read.
    public static let payload = "IMPORT_CAPACITY_LIMIT"

    /// One limit (Wh, or nil) per interval of `starts`, each `step` seconds long.
    public static func limits(_ events: [DemandResponseEvent], park: Park, starts: [Timestamp],
                              step: Int64) -> [Int64?] {
        var limits = [Int64?](repeating: nil, count: starts.count)
        guard let first = starts.first else { return limits }
        for event in events where event.targets.isEmpty || event.targets.contains(park.settings.id) {
            for interval in event.intervals {
                guard let kW = interval.values(payload)?.first, kW.isFinite, kW >= 0,
                      let start = interval.start, let seconds = interval.seconds, seconds > 0 else { continue }
                // Beyond Int64 (a valid JSON number such as 1e300 kW) is no limit, not a trap.
                let exact = (kW * Double(step) / 3.6).rounded(.down)
                let wh = exact < 9.2e18 ? Int64(exact) : Int64.max
                let end = start.adding(seconds: seconds)
                for t in starts.indices {
                    let from = first.adding(seconds: Int64(t) * step), to = from.adding(seconds: step)
                    guard from < end, start < to else { continue }
                    limits[t] = min(limits[t] ?? .max, wh)
                }
            }
        }
        return limits
    }
}
