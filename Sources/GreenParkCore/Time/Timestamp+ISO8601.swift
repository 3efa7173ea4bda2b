/// Why a timestamp text was not accepted.
public enum TimestampParseFailure: Error, Sendable, Equatable {
    /// Not of the form `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or an offset.
    case malformed
    /// Well formed, but without `Z` or a `+HH:MM` offset: local time is ambiguous.
    case missingOffset
    /// A month, day, hour, minute, second or offset out of range.
    case outOfRange
    /// Fractional seconds other than zero: interval starts are whole seconds.
    case fractionalSeconds
}

extension Timestamp {
    /// Parses ISO 8601 / RFC 3339 text with a UTC offset, e.g. `2023-01-01T00:15:00Z`,
    /// `2023-01-01T08:15:00+08:00`, `2023-01-01 08:15+0800`.
    ///
    /// Works on raw bytes so the CSV readers can call it on a slice of a buffer without
    /// building a `String`.
    public static func parseISO8601(
        _ p: UnsafeBufferPointer<UInt8>
    ) -> Result<Timestamp, TimestampParseFailure> {
        let n = p.count
        @inline(__always) func digit(_ i: Int) -> Int64? {
            guard i < n else { return nil }
            let d = p[i] &- 48
            return d < 10 ? Int64(d) : nil
        }
        @inline(__always) func two(_ i: Int) -> Int64? {
            guard let a = digit(i), let b = digit(i + 1) else { return nil }
            return a * 10 + b
        }
        guard n >= 16, let y1 = two(0), let y2 = two(2), p[4] == 45, let month = two(5), p[7] == 45,
              let day = two(8), p[10] == 84 || p[10] == 32 || p[10] == 116,
              let hour = two(11), p[13] == 58, let minute = two(14) else { return .failure(.malformed) }
        var i = 16
        var second: Int64 = 0
        if i < n, p[i] == 58 {
            guard let s = two(i + 1) else { return .failure(.malformed) }
            second = s
            i += 3
            if i < n, p[i] == 46 || p[i] == 44 {
                i += 1
                var any = false
                var nonZero = false
                while i < n, let d = digit(i) { any = true; if d != 0 { nonZero = true }; i += 1 }
                guard any else { return .failure(.malformed) }
                if nonZero { return .failure(.fractionalSeconds) }
            }
        }
        let year = Int(y1 * 100 + y2)
        guard (1...12).contains(month), day >= 1, day <= Int64(CivilDate.daysIn(month: Int(month), year: year)),
              hour <= 24, minute <= 59, second <= 59, hour < 24 || (minute == 0 && second == 0)
        else { return .failure(.outOfRange) }
        guard i < n else { return .failure(.missingOffset) }
        var offset: Int64 = 0
        switch p[i] {
        case 90, 122: // Z z
            i += 1
        case 43, 45: // + -
            let sign: Int64 = p[i] == 45 ? -1 : 1
            guard let oh = two(i + 1) else { return .failure(.malformed) }
            i += 3
            var om: Int64 = 0
            if i < n, p[i] == 58 { i += 1 }
            if i < n {
                guard let m = two(i) else { return .failure(.malformed) }
                om = m; i += 2
            }
            guard oh <= 18, om <= 59 else { return .failure(.outOfRange) }
            offset = sign * (oh * 3600 + om * 60)
        default:
            return .failure(.malformed)
        }
        guard i == n else { return .failure(.malformed) }
        let days = CivilDate(year: year, month: Int(month), day: Int(day)).daysSinceEpoch
        return .success(Timestamp(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset))
    }

    /// Parses ISO 8601 text with an offset; see ``parseISO8601(_:)-(UnsafeBufferPointer<UInt8>)``.
    public static func parseISO8601(_ text: String) -> Result<Timestamp, TimestampParseFailure> {
        var copy = text
        return copy.withUTF8 { parseISO8601($0) }
    }
}
