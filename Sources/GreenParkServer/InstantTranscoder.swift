import Foundation
import GreenParkCore
import OpenAPIRuntime

/// Dates of the API as RFC 3339 says them: read with any offset and with or without a
/// fraction of a second (dropped: instants are whole seconds), written as UTC with `Z`.
struct InstantTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        Timestamp(seconds: Int64(date.timeIntervalSince1970.rounded(.down))).iso8601
    }

    func decode(_ text: String) throws -> Date {
        var bytes = Array(text.utf8)
        // Drop a fraction after the seconds: "...:SS.123+08:00" -> "...:SS+08:00".
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot >= 19 {
            var end = dot + 1
            while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
            bytes.removeSubrange(dot..<end)
        }
        // Any offset RFC 3339 allows (hours 00-23): read it here, the rest as UTC.
        var offset: Int64 = 0
        let n = bytes.count
        if n >= 6, bytes[n - 6] == UInt8(ascii: "+") || bytes[n - 6] == UInt8(ascii: "-"), bytes[n - 3] == UInt8(ascii: ":"),
           let hours = Int64(String(decoding: bytes[(n - 5)..<(n - 3)], as: UTF8.self)),
           let minutes = Int64(String(decoding: bytes[(n - 2)...], as: UTF8.self)), hours < 24, minutes < 60 {
            offset = (hours * 3600 + minutes * 60) * (bytes[n - 6] == UInt8(ascii: "-") ? -1 : 1)
            bytes.replaceSubrange((n - 6)..., with: [UInt8(ascii: "Z")])
        }
        guard case .success(let instant) = bytes.withUnsafeBufferPointer({ Timestamp.parseISO8601($0) }) else {
            throw Problem(.badRequest, "request.instant", "\(text.prefix(40)) is not an RFC 3339 instant with an offset")
        }
        return instant.adding(seconds: -offset).date
    }
}
