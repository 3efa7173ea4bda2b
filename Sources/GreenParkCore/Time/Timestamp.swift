/// A UTC instant, in whole seconds since 1970-01-01T00:00:00Z.
///
/// GreenPark stores and computes in UTC; local calendars (tariff periods, billing
/// months) are derived with the park's time zone at the edges.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// Midnight UTC at the start of `date`.
    public init(_ date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The UTC day number (days since 1970-01-01) this instant falls in.
    public var utcDay: Int64 { seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400 }

    /// The start of the UTC hour holding this instant (also before 1970).
    public var utcHourStart: Timestamp {
        Timestamp(seconds: seconds >= 0 ? seconds / 3600 * 3600 : (seconds - 3599) / 3600 * 3600)
    }

    /// Seconds since midnight UTC.
    public var secondOfDay: Int64 { seconds - utcDay * 86_400 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }

    /// ISO 8601 in UTC, `2023-01-01T00:15:00Z`.
    public var description: String { iso8601 }

    public var iso8601: String {
        let date = CivilDate(daysSinceEpoch: utcDay)
        guard (0...9999).contains(date.year) else {
            let s = Int(secondOfDay)
            return "\(date)T" + ASCIIDigits.padded(s / 3600, 2) + ":" + ASCIIDigits.padded(s / 60 % 60, 2)
                + ":" + ASCIIDigits.padded(s % 60, 2) + "Z"
        }
        // Written byte by byte: exports and the ledger format millions of these.
        let s = Int(secondOfDay)
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for k in stride(from: at + width - 1, through: at, by: -1) { out[k] = UInt8(48 + v % 10); v /= 10 }
            }
            put(date.year, 0, 4); out[4] = 45; put(date.month, 5, 2); out[7] = 45; put(date.day, 8, 2)
            out[10] = 84; put(s / 3600, 11, 2); out[13] = 58; put(s / 60 % 60, 14, 2); out[16] = 58; put(s % 60, 17, 2)
            out[19] = 90
            return 20
        }
    }
}
