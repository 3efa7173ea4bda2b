/// The length of a park's settlement interval: 5, 10, 15, 30 or 60 minutes
/// (DOMAIN.md 2). An interval is `[start, start + resolution)` with `start` in UTC
/// aligned to a multiple of the resolution since the Unix epoch.
public struct Resolution: Hashable, Sendable, CustomStringConvertible {
    public let minutes: Int

    /// The resolutions a park may choose.
    public static let allowedMinutes = [5, 10, 15, 30, 60]

    /// Fails unless `minutes` is one of ``allowedMinutes``.
    public init?(minutes: Int) {
        guard Self.allowedMinutes.contains(minutes) else { return nil }
        self.minutes = minutes
    }

    public static let quarterHour = Resolution(minutes: 15)!

    public var seconds: Int64 { Int64(minutes) * 60 }

    /// Intervals per UTC day.
    public var intervalsPerDay: Int { 1440 / minutes }

    public var description: String { "\(minutes)-minute" }
}
