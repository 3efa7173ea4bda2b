/// A member's flexible load (issue 14: member-declared): energy per day that may be moved
/// within a window of the local day, at a power between two limits. A schedule places that
/// energy; without one it runs evenly over its window (its baseline).
///
/// The fields must agree (the window holds the energy at the power limits), so they are
/// fixed at creation and checked by ``init(...)``, which throws ``FlexibleLoadError``.
public struct FlexibleLoad: Sendable, Equatable {
    public let id: String
    /// The member whose consumption holds the load.
    public let member: String
    /// Energy it must receive each day, in Wh.
    public let energyWhPerDay: Int64
    /// The window in minutes of the local day, `[start, end)`.
    public let windowStartMinute: Int
    public let windowEndMinute: Int
    /// Power limits while it runs, in W.
    public let minimumW: Int64
    public let maximumW: Int64

    public init(id: String, member: String, energyWhPerDay: Int64, windowStartMinute: Int, windowEndMinute: Int,
                minimumW: Int64 = 0, maximumW: Int64) throws {
        func refuse(_ field: String, _ rule: String) -> FlexibleLoadError {
            FlexibleLoadError(load: id, field: field, rule: rule)
        }
        guard energyWhPerDay > 0 else { throw refuse("energy_kwh_per_day", "the energy to place must be above 0") }
        guard (0..<1440).contains(windowStartMinute), (1...1440).contains(windowEndMinute),
              windowStartMinute < windowEndMinute else {
            throw refuse("window_end",
                         "the window is [window_start, window_end) within one local day, start before end")
        }
        guard minimumW >= 0, maximumW > 0, minimumW <= maximumW else {
            throw refuse("max_kw", "the power limits must satisfy 0 <= min_kw <= max_kw, max_kw above 0")
        }
        let hours = Int64(windowEndMinute - windowStartMinute)
        let (most, mostOverflow) = maximumW.multipliedReportingOverflow(by: hours)
        let (least, leastOverflow) = minimumW.multipliedReportingOverflow(by: hours)
        guard !mostOverflow, !leastOverflow, energyWhPerDay <= most / 60 else {
            throw refuse("energy_kwh_per_day", "\(energyWhPerDay) Wh do not fit in the window at max_kw "
                             + "(at most \(most / 60) Wh)")
        }
        guard energyWhPerDay * 60 >= least else {
            throw refuse("energy_kwh_per_day", "running the whole window at min_kw already takes \(least / 60) Wh, "
                             + "more than \(energyWhPerDay) Wh")
        }
        self.id = id
        self.member = member
        self.energyWhPerDay = energyWhPerDay
        self.windowStartMinute = windowStartMinute
        self.windowEndMinute = windowEndMinute
        self.minimumW = minimumW
        self.maximumW = maximumW
    }
}

/// A flexible load's settings do not agree.
public struct FlexibleLoadError: GreenParkError {
    public var load: String
    public var field: String
    public var rule: String
    public var code: String { "schedule.invalid-flexible-load" }
    public var message: String { "flexible load \(load): \(field): \(rule)" }
}
