import Foundation
import GreenParkCore
import OpenAPIRuntime

/// Dates of the API as RFC 3339 says them: read with any offset `±hh:mm` and with or without
/// a fraction of a second (dropped: instants are whole seconds), the rest as `greenpark import`
/// reads instants; written as UTC with `Z`.
struct InstantTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        Timestamp(seconds: Int64(date.timeIntervalSince1970.rounded(.down))).iso8601
    }

    func decode(_ text: String) throws -> Date {
        var bytes = Array(text.utf8)
        func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
        // Drop a fraction right after the seconds: "...:SS.123+08:00" -> "...:SS+08:00".
        if bytes.count > 20, bytes[19] == UInt8(ascii: "."), isDigit(bytes[20]) {
            var end = 21
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            bytes.removeSubrange(19..<end)
        }
        // Any offset RFC 3339 allows (hours 00-23): read it here, the rest as UTC.
        var offset: Int64 = 0
        let n = bytes.count
        if n >= 6, bytes[n - 6] == UInt8(ascii: "+") || bytes[n - 6] == UInt8(ascii: "-"),
            bytes[n - 3] == UInt8(ascii: ":"),
           [n - 5, n - 4, n - 2, n - 1].allSatisfy({ isDigit(bytes[$0]) }),
           let hours = Int64(String(decoding: bytes[(n - 5)..<(n - 3)], as: UTF8.self)),
           let minutes = Int64(String(decoding: bytes[(n - 2)...], as: UTF8.self)), hours < 24, minutes < 60 {
            offset = (hours * 3600 + minutes * 60) * (bytes[n - 6] == UInt8(ascii: "-") ? -1 : 1)
            bytes.replaceSubrange((n - 6)..., with: [UInt8(ascii: "Z")])
        }
        guard case .success(let instant) = bytes.withUnsafeBufferPointer({ Timestamp.parseISO8601($0) }) else {
            throw Problem(.badRequest, "request.instant",
                "\(text.prefix(40)) is not an RFC 3339 instant with an offset")
        }
        return instant.adding(seconds: -offset).date
    }
}
