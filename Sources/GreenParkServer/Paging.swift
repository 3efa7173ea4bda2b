import Foundation
import GreenParkCore

/// A page of a list: `offset` items skipped, at most `limit` returned; `next` is the offset
/// of the next page, nil on the last.
struct Paging: Sendable {
    let offset: Int
    let limit: Int

    init(offset: Int?, limit: Int?) throws {
        let offset = offset ?? 0, limit = limit ?? 100
        guard (0...1_000_000_000).contains(offset), (1...10_000).contains(limit) else {
            throw Problem(.badRequest, "request.paging", "offset must be 0 to 1,000,000,000 and limit 1 to 10,000")
        }
        self.offset = offset
        self.limit = limit
    }

    /// The page of `items` and the next offset.
    func page<T>(_ items: [T]) -> (items: [T], next: Int?) {
        let start = min(offset, items.count), end = min(items.count, start + limit)
        return (Array(items[start..<end]), end < items.count ? end : nil)
    }
}

/// A `[from, to)` filter from optional query instants; the defaults are the widest span. A
/// `to` not after `from` is an empty span: a list answers an empty page, a use case that needs
/// a period refuses it (``nonEmpty()``).
struct Span: Sendable {
    let from: Timestamp
    let to: Timestamp

    init(from: Date?, to: Date?, required: Bool = false) throws {
        if required, from == nil || to == nil {
            throw Problem(.badRequest, "request.span", "give from and to (RFC 3339 instants)")
        }
        self.from = from.map(Self.timestamp) ?? Timestamp(seconds: Int64.min / 4)
        self.to = to.map(Self.timestamp) ?? Timestamp(seconds: Int64.max / 4)
    }

    var isEmpty: Bool { to <= from }

    /// This span, or 422 when it is empty.
    func nonEmpty() throws -> Span {
        guard !isEmpty else { throw Problem(.unprocessableContent, "request.span", "from must be before to") }
        return self
    }

    /// Whole seconds, rounded down; instants beyond years ±100000 are clamped.
    static func timestamp(_ date: Date) -> Timestamp {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return Timestamp(seconds: Int64(max(-3.2e12, min(3.2e12, seconds.isFinite ? seconds : 0))))
    }
}

extension Timestamp {
    /// The instant as a Foundation date (the generated API's type).
    var date: Date { Date(timeIntervalSince1970: Double(seconds)) }
}
