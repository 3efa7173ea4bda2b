#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who a ledger entry concerns and when its certificates were produced: the index an
/// evidence pack uses to find one member's entries of a period without reading the ledger
/// (docs/evidence.md, "The ledger extract").
///
/// Rules, per entry kind (`party` is a member id, or `device:<id>` for park-level entries):
/// - `issuance`, `correction`, `withdrawal`: `device:<device>` (a withdrawal's device is its
///   certificates'); park-level facts a member's verifier may see for the devices it holds;
/// - `transfer`: its `to` and its `from`, except a `from` that is the certificates' device
///   (the issuance transfer from the device to a member);
/// - `redemption`: its `beneficiary`;
/// - `split`: the beneficiary of the redemption that follows it in the same append (a split
///   is recorded just before the redemption that cuts the range); none when none follows.
///
/// The production span is the union of `[production_start, production_end)` of the
/// issuances whose certificates the entry names (an issuance and a correction: their own).
public struct LedgerParty: Sendable, Equatable {
    public var party: String
    public var producedFrom: Timestamp
    public var producedTo: Timestamp
    public var sequence: Int64

    public init(party: String, producedFrom: Timestamp, producedTo: Timestamp, sequence: Int64) {
        self.party = party
        self.producedFrom = producedFrom
        self.producedTo = producedTo
        self.sequence = sequence
    }

    /// The party name of a device's park-level entries.
    public static func device(_ id: String) -> String { "device:" + id }
}

/// The certificates one issuance created: serials `firstSerial...lastSerial` of ids that
/// start with `prefix`, produced in `[producedFrom, producedTo)`.
public struct LedgerIssueSpan: Sendable, Equatable {
    public var prefix: String
    public var firstSerial: Int64
    public var lastSerial: Int64
    public var device: String
    public var producedFrom: Timestamp
    public var producedTo: Timestamp

    public init(
        prefix: String, firstSerial: Int64, lastSerial: Int64, device: String, producedFrom: Timestamp,
        producedTo: Timestamp
    ) {
        (self.prefix, self.firstSerial, self.lastSerial) = (prefix, firstSerial, lastSerial)
        (self.device, self.producedFrom, self.producedTo) = (device, producedFrom, producedTo)
    }

    /// A certificate id split into its prefix and serial (`GC-park-pv-0000000042`: `GC-park-pv-`, 42).
    public static func split(id: String) -> (prefix: String, serial: Int64)? {
        guard let dash = id.lastIndex(of: "-"), let serial = Int64(id[id.index(after: dash)...]) else { return nil }
        return (String(id[...dash]), serial)
    }
}

/// Indexes entries in ledger order (``LedgerParty``). Issuances seen are remembered for the
/// entries after them; an id of an earlier issuance is looked up with `lookup` (the store's
/// spans). Memory: the spans of one append, not of the ledger.
public struct LedgerPartyIndexer {
    private var spans: [String: [LedgerIssueSpan]] = [:]
    private var pendingSplits: [(sequence: Int64, from: Timestamp, to: Timestamp)] = []
    private let lookup: (String, Int64) throws -> LedgerIssueSpan?

    public init(lookup: @escaping (String, Int64) throws -> LedgerIssueSpan?) { self.lookup = lookup }

    /// The issuance span of certificate `id`: learned in this pass or looked up.
    mutating func span(of id: String) throws -> LedgerIssueSpan? {
        guard let (prefix, serial) = LedgerIssueSpan.split(id: id) else { return nil }
        if let known = spans[prefix], let found = Self.find(serial, in: known) { return found }
        guard let found = try lookup(prefix, serial) else { return nil }
        insert(found)
        return found
    }

    /// Keeps each prefix's spans sorted by first serial (inserted at their place: a
    /// redemption names thousands of ranges, mostly in order).
    private mutating func insert(_ span: LedgerIssueSpan) {
        let position = Self.upperBound(span.firstSerial, in: spans[span.prefix] ?? [])
        spans[span.prefix, default: []].insert(span, at: position)
    }

    /// The number of spans whose first serial is `serial` or below.
    static func upperBound(_ serial: Int64, in sorted: [LedgerIssueSpan]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].firstSerial <= serial { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func find(_ serial: Int64, in sorted: [LedgerIssueSpan]) -> LedgerIssueSpan? {
        let low = upperBound(serial, in: sorted)
        guard low > 0, sorted[low - 1].lastSerial >= serial else { return nil }
        return sorted[low - 1]
    }

    /// The new issuance span (if `entry` is an issuance) and the entry's parties.
    public mutating func index(_ entry: LedgerEntry) throws -> (span: LedgerIssueSpan?, parties: [LedgerParty]) {
        guard entry.kind != .seal else { return (nil, []) }
        // Transfers (nearly every entry of a large park) are read by a byte search; the rest parsed.
        var parsed: [String: CanonicalJSON]?
        func value(_ key: String) -> CanonicalJSON? {
            if parsed == nil { parsed = entry.data }
            return parsed?[key]
        }
        func text(_ key: String) -> String? {
            if entry.kind == .transfer, let s = Self.plainString(key, in: entry.dataBytes) { return s }
            if case .string(let s) = value(key) { return s }
            return nil
        }
        func time(_ key: String) -> Timestamp? { text(key).flatMap { try? Timestamp.parseISO8601($0).get() } }
        func row(_ party: String, _ from: Timestamp, _ to: Timestamp) -> LedgerParty {
            LedgerParty(party: party, producedFrom: from, producedTo: to, sequence: entry.sequence)
        }
        /// The union of the spans of the ids named.
        func union(_ ids: [String]) throws -> (from: Timestamp, to: Timestamp, device: String)? {
            var result: (from: Timestamp, to: Timestamp, device: String)?
            for id in ids {
                guard let s = try span(of: id) else { continue }
                result = (
                    min(result?.from ?? s.producedFrom, s.producedFrom), max(result?.to ?? s.producedTo, s.producedTo),
                    result?.device ?? s.device
                )
            }
            return result
        }
        switch entry.kind {
        case .issuance:
            guard let device = text("device"), let from = time("production_start"), let to = time("production_end"),
                let first = text("first_id").flatMap(LedgerIssueSpan.split),
                let last = text("last_id").flatMap(LedgerIssueSpan.split)
            else { return (nil, []) }
            let span = LedgerIssueSpan(
                prefix: first.prefix, firstSerial: first.serial, lastSerial: last.serial, device: device,
                producedFrom: from, producedTo: to)
            insert(span)
            var rows = [row(LedgerParty.device(device), from, to)]
            // Released from storage: also the storage owner's (the members it moves them to find the
            // issuance through the device, as for any certificates they hold).
            if text("origin") == "storage", let owner = text("owner") { rows.append(row(owner, from, to)) }
            return (span, rows)
        case .correction:
            guard let device = text("device"), let from = time("production_start"), let to = time("production_end")
            else {
                return (nil, [])
            }
            return (nil, [row(LedgerParty.device(device), from, to)])
        case .cancellation:
            // The storage owner's: the battery's green charge hour by hour.
            guard let id = text("first_id"), let owner = text("storage_owner"), let s = try union([id]) else {
                return (nil, [])
            }
            return (nil, [row(owner, s.from, s.to)])
        case .withdrawal:
            guard let id = text("first_id"), let s = try union([id]) else { return (nil, []) }
            return (nil, [row(LedgerParty.device(s.device), s.from, s.to)])
        case .transfer:
            guard let id = text("first_id"), let s = try union([id]) else { return (nil, []) }
            var rows: [LedgerParty] = []
            if let to = text("to") { rows.append(row(to, s.from, s.to)) }
            if let from = text("from"), from != s.device { rows.append(row(from, s.from, s.to)) }
            return (nil, rows)
        case .split:
            guard case .array(let parts) = value("parts") else { return (nil, []) }
            let ids = parts.compactMap { part -> String? in
                if case .array(let pair) = part, case .string(let id)? = pair.first { return id }
                return nil
            }
            if let s = try union(ids) { pendingSplits.append((entry.sequence, s.from, s.to)) }
            return (nil, [])
        case .redemption:
            guard let beneficiary = text("beneficiary"), case .array(let pairs) = value("certificates") else {
                return (nil, [])
            }
            let ids = pairs.compactMap { pair -> String? in
                if case .array(let ids) = pair, case .string(let id)? = ids.first { return id }
                return nil
            }
            var rows = pendingSplits.map {
                LedgerParty(party: beneficiary, producedFrom: $0.from, producedTo: $0.to, sequence: $0.sequence)
            }
            pendingSplits = []
            if let s = try union(ids) {
                rows.append(row(beneficiary, s.from, s.to))
            } else if let from = time("period_start"), let to = time("period_end") {
                rows.append(row(beneficiary, from, to))  // no certificates named: its reporting period
            }
            return (nil, rows)
        case .seal, .agreement:
            // An agreement names no certificates: found by the grants table, not by period.
            return (nil, [])
        }
    }

    /// The string member `key` of a canonical object without nested objects, read from its
    /// bytes: `nil` when absent or escaped (then the data is parsed). In canonical JSON a `"`
    /// inside a string is escaped, so `,"key":"` or `{"key":"` can only be a member's start.
    static func plainString(_ key: String, in bytes: [UInt8]) -> String? {
        var key = key
        return key.withUTF8 { name in
            bytes.withUnsafeBufferPointer { text -> String? in
                guard let base = text.baseAddress, text.count > name.count + 4 else { return nil }
                var i = 1
                // Each `"` that may open the member's name: memchr is the byte scan.
                while i + name.count + 3 <= text.count,
                    let hit = memchr(base + i, 34, text.count - i - name.count - 3) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    let valueStart = i + name.count + 4
                    if text[i - 1] == 44 || text[i - 1] == 123, text[i + name.count + 1] == 34,
                        text[i + name.count + 2] == 58, text[i + name.count + 3] == 34,
                        memcmp(base + i + 1, name.baseAddress!, name.count) == 0
                    {
                        var end = valueStart
                        while end < text.count, text[end] != 34 {
                            if text[end] == 92 { return nil }
                            end += 1
                        }
                        guard end < text.count else { return nil }
                        return String(decoding: UnsafeBufferPointer(rebasing: text[valueStart..<end]), as: UTF8.self)
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}
