/// Rebuilds who holds which certificate, and in what status, from the ledger alone: every
/// issuance creates its serials at the owner it names, every transfer moves them, every
/// redemption, withdrawal and cancellation for storage ends them. Comparing the result with the stored registry
/// shows whether the two agree (``CertificateRegistry/differences(from:)``), e.g. after
/// two commands changed the store at once.
///
/// The replay also checks each event against the state before it: a transfer from an
/// account that does not hold the certificates, or a second redemption, is an error.
public struct LedgerReplay: Sendable {
    /// A run of serials with one owner and status.
    public struct Segment: Sendable, Equatable {
        public var first: Int64
        public var last: Int64
        public var owner: String
        public var status: CertificateRange.Status
    }

    /// Segments per id prefix (`GC-park-device-`), sorted by serial.
    public private(set) var segments: [String: [Segment]] = [:]
    public private(set) var events = 0
    /// Per redemption statement: the SHA-256 of the hours it covers, as its entry says
    /// (empty for an entry made before coverage was recorded).
    public private(set) var coverageDigests: [String: String] = [:]
    /// Storage (DOMAIN.md 4a): certificates cancelled per charge record and id prefix, and
    /// released from storage against them: a release beyond the cancellations is an error.
    private var storageBacking: [String: (cancelled: Int64, efficiency: Int64, released: Int64)] = [:]

    public init() {}

    /// Applies entry `sequence` of kind `kind` with data `data`.
    public mutating func apply(sequence: Int64, kind: LedgerEntry.Kind, data: [String: CanonicalJSON]) throws {
        func fail(_ reason: String) -> LedgerBroken { LedgerBroken(sequence: sequence, reason: reason) }
        func ids(_ first: CanonicalJSON?, _ last: CanonicalJSON?) throws -> (String, Int64, Int64) {
            guard case .string(let a) = first, case .string(let b) = last,
                  let (prefix, from) = Self.split(a), let (other, to) = Self.split(b), prefix == other, from <= to else {
                throw fail("names no valid certificate id range")
            }
            return (prefix, from, to)
        }
        func text(_ key: String) throws -> String {
            guard case .string(let value) = data[key] else { throw fail("has no \(key)") }
            return value
        }
        events += 1
        switch kind {
        case .issuance:
            let (prefix, first, last) = try ids(data["first_id"], data["last_id"])
            let owner = try text("owner")
            if let end = segments[prefix]?.last, end.last >= first {
                throw fail("issues \(prefix)\(first) again (serials up to \(end.last) exist)")
            }
            if case .string("storage") = data["origin"] {
                // Backed: never more out of a charge record than its cancelled certificates x efficiency.
                let record = try text("charge_record"), key = record + "|" + prefix
                let backing = storageBacking[key] ?? (0, 0, 0)
                let output = Int64(Int128(backing.cancelled) * Int128(backing.efficiency) / Int128(Fixed6.scale))
                guard backing.released + last - first + 1 <= output else {
                    throw fail("releases \(last - first + 1) certificates from storage charge record \(record), "
                                   + "which backs \(output - backing.released) more of \(prefix)* "
                                   + "(its cancelled certificates times its efficiency, less what it released)")
                }
                storageBacking[key] = (backing.cancelled, backing.efficiency, backing.released + last - first + 1)
            }
            // In place: a device's list grows to one segment per certificate range it ever had.
            segments[prefix, default: []].append(Segment(first: first, last: last, owner: owner, status: .active))
        case .transfer:
            let (prefix, first, last) = try ids(data["first_id"], data["last_id"])
            let from = try text("from"), to = try text("to")
            try change(prefix, first, last, owner: from, sequence: sequence) { $0.owner = to }
        case .redemption:
            guard case .array(let items) = data["certificates"] else { throw fail("lists no certificates") }
            let statement = try text("statement"), beneficiary = try text("beneficiary")
            guard coverageDigests[statement] == nil else { throw fail("records statement \(statement) a second time") }
            if case .string(let digest) = data["coverage_sha256"] { coverageDigests[statement] = digest } else {
                coverageDigests[statement] = ""
            }
            for item in items {
                guard case .array(let pair) = item, pair.count == 2 else { throw fail("has a malformed certificate range") }
                let (prefix, first, last) = try ids(pair[0], pair[1])
                try change(prefix, first, last, owner: beneficiary, sequence: sequence) {
                    $0.status = .redeemed(statement: statement)
                }
            }
        case .withdrawal:
            let (prefix, first, last) = try ids(data["first_id"], data["last_id"])
            let from = try text("from"), correction = try text("correction")
            try change(prefix, first, last, owner: from, sequence: sequence) {
                $0.status = .withdrawn(correction: correction)
            }
        case .cancellation:
            let (prefix, first, last) = try ids(data["first_id"], data["last_id"])
            let from = try text("from"), record = try text("storage_record")
            try change(prefix, first, last, owner: from, sequence: sequence) {
                $0.status = .cancelled(storageRecord: record)
            }
            guard let efficiency = Fixed6(parsing: try text("efficiency")) else { throw fail("has no efficiency") }
            let key = record + "|" + prefix, backing = storageBacking[key] ?? (0, efficiency.millionths, 0)
            storageBacking[key] = (backing.cancelled + last - first + 1, backing.efficiency, backing.released)
        case .split, .correction, .seal, .agreement:
            break
        }
    }

    /// Changes serials `first...last` of `prefix`, which must all be active and held by
    /// `owner`, splitting segments at the edges. The device's list is taken out of the
    /// dictionary while it changes, so it is changed in place, never copied (a copy per
    /// event made a year of hourly certificates take minutes).
    private mutating func change(_ prefix: String, _ first: Int64, _ last: Int64, owner: String, sequence: Int64,
                                 _ body: (inout Segment) -> Void) throws {
        guard var list = segments.removeValue(forKey: prefix) else {
            throw LedgerBroken(sequence: sequence, reason: "names \(prefix)\(first), which was never issued")
        }
        defer { segments[prefix] = list }
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].last < first { low = middle + 1 } else { high = middle }
        }
        var k = low, serial = first
        while serial <= last {
            guard k < list.count, list[k].first <= serial else {
                throw LedgerBroken(sequence: sequence, reason: "names \(prefix)\(serial), which was never issued")
            }
            let segment = list[k]
            guard segment.owner == owner, segment.status == .active else {
                let state = segment.status == .active ? "held by \(segment.owner)" : "\(segment.status)"
                throw LedgerBroken(sequence: sequence,
                                   reason: "acts on \(prefix)\(serial) for \(owner), but it is \(state)")
            }
            var pieces: [Segment] = []
            if segment.first < serial { pieces.append(Segment(first: segment.first, last: serial - 1, owner: segment.owner,
                                                              status: segment.status)) }
            var middle = Segment(first: serial, last: min(last, segment.last), owner: segment.owner, status: segment.status)
            body(&middle)
            pieces.append(middle)
            if last < segment.last { pieces.append(Segment(first: last + 1, last: segment.last, owner: segment.owner,
                                                           status: segment.status)) }
            list.replaceSubrange(k...k, with: pieces)
            k += pieces.count - (last < segment.last ? 1 : 0)
            serial = middle.last + 1
        }
    }

    /// `GC-park-device-0000000001` as (`GC-park-device-`, 1).
    static func split(_ id: String) -> (String, Int64)? { LedgerIssueSpan.split(id: id) }

    /// Adjacent segments with the same owner and status merged: the shape both the replay
    /// and the registry reduce to, whatever splits they made on the way.
    static func merged(_ list: [Segment]) -> [Segment] {
        var out: [Segment] = []
        for s in list {
            if var end = out.last, end.last + 1 == s.first, end.owner == s.owner, end.status == s.status {
                end.last = s.last
                out[out.count - 1] = end
            } else {
                out.append(s)
            }
        }
        return out
    }
}

extension LedgerReplay {
    /// Where the stored registry and statements disagree with this replay: owners and
    /// statuses of certificates, statements the ledger does not record (or the other way
    /// round), and statements whose hour list is not the one the ledger's digest vouches for.
    public func problems(registry: CertificateRegistry, statements: [RedemptionStatement], limit: Int = 10) -> [String] {
        var out = registry.differences(from: self, limit: limit)
        let stored = Dictionary(statements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for id in Set(stored.keys).union(coverageDigests.keys).sorted() where out.count < limit {
            guard let digest = coverageDigests[id] else {
                out.append("statement \(id) is in the store but no redemption entry of the ledger records it")
                continue
            }
            guard let statement = stored[id] else {
                out.append("the ledger records statement \(id), which the store does not have")
                continue
            }
            if let coverage = statement.coverage {
                // An entry made before coverage was recorded has no digest: the hours were recovered later.
                if !digest.isEmpty && coverage.digest != digest {
                    out.append("statement \(id): the hours it covers do not match the ledger's coverage digest")
                } else if coverage.totalWh != statement.volumeWh {
                    out.append("statement \(id) covers \(coverage.totalWh) Wh of consumption, but redeemed \(statement.volumeWh) Wh")
                }
            } else if !digest.isEmpty {
                out.append("statement \(id): the ledger records the hours it covers, but the store has none")
            }
        }
        return out
    }
}

extension CertificateRegistry {
    /// Where the registry and a replay of the ledger disagree (at most `limit` places,
    /// each a sentence); empty when they agree on every certificate's owner and status.
    public func differences(from replay: LedgerReplay, limit: Int = 10) -> [String] {
        var mine: [String: [LedgerReplay.Segment]] = [:]
        for entry in issues {
            for r in entry.ranges {
                mine[r.issue.idPrefix, default: []].append(.init(first: r.firstSerial, last: r.lastSerial, owner: r.owner,
                                                                  status: r.status))
            }
        }
        var out: [String] = []
        for prefix in Set(mine.keys).union(replay.segments.keys).sorted() where out.count < limit {
            let a = LedgerReplay.merged((mine[prefix] ?? []).sorted { $0.first < $1.first })
            let b = LedgerReplay.merged(replay.segments[prefix] ?? [])
            guard a != b else { continue }
            let k = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            func describe(_ s: LedgerReplay.Segment?) -> String {
                guard let s else { return "nothing" }
                return "\(prefix)\(s.first)...\(s.last) \(s.owner) \(s.status)"
            }
            out.append("\(prefix)*: the registry has \(describe(k < a.count ? a[k] : nil)), "
                + "the ledger \(describe(k < b.count ? b[k] : nil))")
        }
        return out
    }
}
