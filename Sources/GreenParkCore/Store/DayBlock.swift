/// The stored readings of one meter for one UTC day at the park's resolution: one
/// energy value (Wh) and one ``Quality`` per interval.
///
/// A day is the unit of storage: a year of 15-minute data for 1,000 meters is 365,000
/// blocks of 96 values instead of 35 million rows, which keeps imports and allocation
/// runs fast while every single value keeps its own quality flag.
public struct DayBlock: Sendable, Equatable {
    public var meter: String
    /// Days since 1970-01-01 (UTC).
    public var day: Int64
    /// Wh per interval; meaningful only where ``quality`` is not `.missing`.
    public var energyWh: [Int64]
    public var quality: [Quality]

    public init(meter: String, day: Int64, energyWh: [Int64], quality: [Quality]) {
        precondition(energyWh.count == quality.count, "energy and quality must have one entry per interval")
        self.meter = meter
        self.day = day
        self.energyWh = energyWh
        self.quality = quality
    }

    /// An empty (all missing) day for `resolution`.
    public init(meter: String, day: Int64, resolution: Resolution) {
        let n = resolution.intervalsPerDay
        self.init(meter: meter, day: day, energyWh: Array(repeating: 0, count: n), quality: Array(repeating: .missing, count: n))
    }

    /// Intervals per day, which fixes the resolution.
    public var intervalCount: Int { energyWh.count }

    /// Interval length in seconds.
    public var intervalSeconds: Int64 { 86_400 / Int64(intervalCount) }

    /// Start of interval `index`.
    public func start(ofInterval index: Int) -> Timestamp {
        Timestamp(seconds: day * 86_400 + Int64(index) * intervalSeconds)
    }

    /// The number of intervals holding a value.
    public var presentCount: Int { quality.reduce(0) { $0 + ($1 == .missing ? 0 : 1) } }
}
