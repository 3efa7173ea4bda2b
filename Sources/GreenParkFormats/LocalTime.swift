import Foundation
import GreenParkCore

/// Local calendar dates of a park's time zone to UTC instants (storage is UTC; people
/// think in local days).
public struct LocalTime: Sendable {
    public let zone: TimeZone

    /// Fails for an unknown IANA zone identifier.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    /// The UTC instant of local midnight at the start of `date`.
    public func startOfDay(_ date: CivilDate) -> Timestamp {
        let naive = Timestamp(date).seconds
        // Offset at the guessed instant, then once more at the corrected one (DST edges).
        var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive))))
        offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive - offset))))
        return Timestamp(seconds: naive - offset)
    }

    /// How far local clock hours are from UTC hours at `instant`, in seconds (0 to 3599):
    /// 0 for whole-hour offsets such as China's, 2,700 for Nepal (+05:45).
    public func hourOffset(at instant: Timestamp) -> Int64 {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds))))
        return ((offset % 3600) + 3600) % 3600
    }

    /// The start of the local clock hour holding `instant`.
    public func hourStart(_ instant: Timestamp) -> Timestamp {
        let offset = hourOffset(at: instant)
        return Timestamp(seconds: instant.seconds - (((instant.seconds + offset) % 3600) + 3600) % 3600)
    }

    /// The local wall-clock minute of the day of `instant` (0 to 1439), correct on
    /// daylight-saving days.
    public func minuteOfDay(_ instant: Timestamp) -> Int {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds))))
        return Int((((instant.seconds + offset) % 86_400) + 86_400) % 86_400 / 60)
    }

    /// The local calendar date of an instant.
    public func date(of instant: Timestamp) -> CivilDate {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds))))
        return CivilDate(daysSinceEpoch: Timestamp(seconds: instant.seconds + offset).utcDay)
    }

    /// Parses `--NAME TEXT` as an instant (see ``instant(_:)``) or explains what is expected.
    public func argument(_ text: String, name: String) throws -> Timestamp {
        guard let t = instant(text) else { throw ArgumentNotAnInstant(name: name, text: text) }
        return t
    }

    /// Parses an instant for `--from`/`--to`: ISO 8601 with offset, or a date
    /// `YYYY-MM-DD` meaning local midnight in this zone. `nil` when it is neither.
    public func instant(_ text: String) -> Timestamp? {
        if let date = CivilDate(parsing: text) { return startOfDay(date) }
        if case .success(let t) = Timestamp.parseISO8601(text) { return t }
        return nil
    }
}

/// A `--from`/`--to` value that is neither an instant nor a date.
public struct ArgumentNotAnInstant: GreenParkError {
    public var name: String
    public var text: String
    public var code: String { "cli.argument" }
    public var message: String { "--\(name) \"\(text)\" is neither an ISO 8601 instant with offset nor a date YYYY-MM-DD" }
}
