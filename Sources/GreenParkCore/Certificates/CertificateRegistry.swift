/// The park's certificate registry as a pure state machine: issuance from metered
/// generation, transfer per allocation, manual transfer, redemption against hourly claim
/// coverage, and corrections after a reading changed (DOMAIN.md 4, normative). Every change
/// returns the ledger events that record it; the caller stores the new state and the events
/// in one transaction.
///
/// Certificates are kept per issuance (one device, scheme and production period), each
/// with its ranges of serials: a change touches one issuance, and a store writes back only
/// the issuances changed since it loaded the registry (`changed`).
///
/// Invariants kept here (so the counters are private): serials per scheme and device are
/// issued once, in order; for every scheme and device, `issued − withdrawn` certificates
/// times the unit plus the issuance carry equal the metered generation counted so far
/// (a negative carry is a debit on the device's next issuance); for every member and
/// device, the certificates transferred per allocation times the unit plus the transfer
/// carry equal the Wh allocated so far.
public struct CertificateRegistry: Sendable, Equatable {
    public let parkId: String
    /// Every issuance in issue order, with its certificates' ranges.
    public internal(set) var issues: [Entry] = []
    /// Next serial per scheme and device, `scheme|device`.
    public internal(set) var nextSerial: [String: Int64] = [:]
    /// Generation counted but not issued (below one certificate) per `scheme|device`;
    /// negative: certificates issued for generation a correction took back (a debit).
    public internal(set) var issuanceCarry: [String: Int64] = [:]
    /// Allocated Wh not yet transferred (below one certificate), `scheme|member|device`;
    /// negative: certificates the member received beyond its corrected allocation.
    public internal(set) var transferCarry: [String: Int64] = [:]
    /// Redemption statements made so far (their ids count up).
    public internal(set) var statementCount = 0
    /// Corrections made so far (their ids count up).
    public internal(set) var correctionCount = 0
    /// Numbers of the issuances new or changed since the registry was loaded or committed.
    public internal(set) var changed: Set<Int> = []

    /// Issuance by scheme, device and production start (original issuances only).
    private var periodIndex: [PeriodKey: Int] = [:]
    /// Original issuances per device (any scheme), sorted by production start: certified spans.
    private var spans: [String: [Int]] = [:]
    /// Issuances with certificates per `scheme|device`, in serial order.
    private var serialIndex: [String: [Int]] = [:]
    /// Supplementary issuances (made by corrections) of each original issuance.
    private var supplementsOf: [Int: [Int]] = [:]
    /// Storage (DOMAIN.md 4a), kept from the issuances and ranges: certificates cancelled per
    /// `chargeRecord|device`, released from storage per `chargeRecord|device`, and the draws
    /// that released them (`dischargeRecord|chargeRecord|device`).
    private(set) var storageCancelled: [String: Int64] = [:]
    private(set) var storageReleased: [String: Int64] = [:]
    private(set) var storageDraws: Set<String> = []
    /// Stored as counters: the green Wh each charge record charged from each generator it was
    /// recorded for (`chargeRecord|device`), and each record's efficiency in millionths, fixed
    /// when the record was first certified and never changed after.
    var storageChargedWh: [String: Int64] = [:]
    var storageEfficiency: [String: Int64] = [:]

    /// One issuance and what became of its certificates.
    public struct Entry: Sendable, Equatable {
        public let issue: CertificateIssue
        /// Its certificates, in serial order, as ranges of one owner and status.
        public internal(set) var ranges: [CertificateRange]
        /// The metered generation (Wh) the issuance counts, as last corrected; `nil` for an
        /// issuance stored before GreenPark kept it (the next run of its period records it).
        /// Always 0 for a supplementary issuance: its original keeps the period's figure.
        public internal(set) var meteredWh: Int64?
        /// Members that received their allocation transfer for this issuance, with the Wh
        /// allocated that it was based on (`nil` when stored before GreenPark kept it).
        public internal(set) var transfers: [TransferBasis]
        /// For a supplementary issuance (origin `correction`): the issuance it adds to.
        public let supplements: Int?

        public init(issue: CertificateIssue, ranges: [CertificateRange], meteredWh: Int64?,
                    transfers: [TransferBasis], supplements: Int? = nil) {
            self.issue = issue
            self.ranges = ranges
            self.meteredWh = meteredWh
            self.transfers = transfers
            self.supplements = supplements
        }

        /// Members whose allocation transfer was made.
        public var transferredTo: [String] { transfers.map(\.member) }

        /// An issuance for a device's production period (not a correction's supplement, not
        /// certificates released from storage): what corrections compare with the meters.
        public var isOriginal: Bool { supplements == nil && issue.storage == nil }
    }

    /// A member's allocation transfer of one issuance and the allocated Wh it counted.
    public struct TransferBasis: Sendable, Equatable {
        public let member: String
        public internal(set) var allocatedWh: Int64?

        public init(member: String, allocatedWh: Int64?) {
            self.member = member
            self.allocatedWh = allocatedWh
        }
    }

    /// The registry's counters as a store keeps them (`kind`, `key`, `value`).
    public enum Counter: String, Sendable, CaseIterable {
        case serial
        case issuanceCarry = "issuance_carry"
        case transferCarry = "transfer_carry"
        case statementCount = "statement_count"
        case correctionCount = "correction_count"
        case storageCharged = "storage_charged"
        case storageEfficiency = "storage_efficiency"
    }

    struct PeriodKey: Hashable, Sendable {
        var scheme: CertificateScheme
        var device: String
        var start: Int64
    }

    public init(parkId: String) { self.parkId = parkId }

    static func key(_ parts: String...) -> String { parts.joined(separator: "|") }

    /// Every certificate, as ranges (a copy: use for listings and reports).
    public var ranges: [CertificateRange] { issues.flatMap(\.ranges) }

    /// How many ranges the registry holds.
    public var rangeCount: Int { issues.reduce(0) { $0 + $1.ranges.count } }

    /// Adds a stored issuance when loading a registry (in issue order, numbers from 0).
    public mutating func restore(_ entry: Entry) {
        precondition(entry.issue.number == issues.count, "issuances must be restored in order")
        index(entry)
        issues.append(entry)
    }

    /// Sets a stored counter when loading a registry (unknown kinds are ignored).
    public mutating func restore(counter kind: String, key: String, value: Int64) {
        switch Counter(rawValue: kind) {
        case .serial: nextSerial[key] = value
        case .issuanceCarry: issuanceCarry[key] = value
        case .transferCarry: transferCarry[key] = value
        case .statementCount: statementCount = Int(value)
        case .correctionCount: correctionCount = Int(value)
        case .storageCharged: storageChargedWh[key] = value
        case .storageEfficiency: storageEfficiency[key] = value
        case nil: break
        }
    }

    /// Every counter, as a store writes them back.
    public var counters: [(kind: Counter, key: String, value: Int64)] {
        nextSerial.map { (.serial, $0.key, $0.value) } + issuanceCarry.map { (.issuanceCarry, $0.key, $0.value) }
            + transferCarry.map { (.transferCarry, $0.key, $0.value) }
            + [(.statementCount, "", Int64(statementCount)), (.correctionCount, "", Int64(correctionCount))]
            + storageChargedWh.map { (.storageCharged, $0.key, $0.value) }
            + storageEfficiency.map { (.storageEfficiency, $0.key, $0.value) }
    }

    /// Counts `count` certificates of `device` cancelled for storage charge record `record`.
    mutating func noteCancelled(record: String, device: String, count: Int64) {
        storageCancelled[Self.key(record, device), default: 0] += count
    }

    /// Forgets the changes once a store has written them.
    public mutating func markCommitted() { changed = [] }

    private mutating func index(_ entry: Entry) {
        let issue = entry.issue, n = issue.number
        for r in entry.ranges {
            if case .cancelled(let record) = r.status {
                noteCancelled(record: record, device: issue.device, count: r.count)
            }
        }
        if let release = issue.storage {
            // Released from storage: its period is a discharge hour, not the device's production.
            storageReleased[Self.key(release.chargeRecord, issue.device), default: 0] += issue.count
            storageDraws.insert(Self.key(release.dischargeRecord, release.chargeRecord, issue.device))
        } else if let original = entry.supplements {
            supplementsOf[original, default: []].append(n)
        } else {
            periodIndex[PeriodKey(scheme: issue.scheme, device: issue.device, start: issue.productionStart.seconds)] = n
            var list = spans[issue.device, default: []]
            list.insert(n, at: spanPosition(list, issue.productionStart))
            spans[issue.device] = list
        }
        if issue.count > 0 { serialIndex[Self.key(issue.scheme.rawValue, issue.device), default: []].append(n) }
    }

    /// Where an issuance starting at `start` goes in a device's sorted span list.
    private func spanPosition(_ list: [Int], _ start: Timestamp) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if issues[list[middle]].issue.productionStart < start { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The certified span of `device` that overlaps `[start, end)`, if any.
    func overlappingSpan(device: String, start: Timestamp, end: Timestamp) -> CertificateIssue? {
        // Spans of a device never overlap and are sorted by start: only the neighbours of
        // the new one's place can overlap it.
        let list = spans[device] ?? []
        let place = spanPosition(list, start)
        let before = place > 0 ? issues[list[place - 1]].issue : nil
        let after = place < list.count ? issues[list[place]].issue : nil
        if let before, before.productionEnd > start { return before }
        if let after, after.productionStart < end { return after }
        return nil
    }

    /// The issuance of `device`'s `scheme` certificates for the period from `start`.
    public func issueNumber(_ scheme: CertificateScheme, device: String, start: Timestamp) -> Int? {
        periodIndex[PeriodKey(scheme: scheme, device: device, start: start.seconds)]
    }

    /// The issuance `n` and its supplementary issuances, in issue order.
    public func family(_ n: Int) -> [Int] { [n] + (supplementsOf[n] ?? []) }

    /// Whether `device`'s `scheme` certificates for the period from `start` were issued.
    public func isIssued(_ scheme: CertificateScheme, device: String, start: Timestamp) -> Bool {
        issueNumber(scheme, device: device, start: start) != nil
    }

    /// Whether the allocation transfer for `member` was made.
    public func isTransferred(_ scheme: CertificateScheme, device: String, start: Timestamp, member: String) -> Bool {
        issueNumber(scheme, device: device, start: start).map { issues[$0].transferredTo.contains(member) } ?? false
    }

    /// Finds the range holding `firstId...lastId`: (issuance, range index, first, last serial).
    func locate(_ firstId: String, _ lastId: String) throws -> (Int, Int, Int64, Int64) {
        let unknown = CertificateError(
            code: "certificates.unknown", message: "no certificates \(firstId) to \(lastId) in one range of the registry")
        guard let cut = firstId.lastIndex(of: "-"), let lastCut = lastId.lastIndex(of: "-"),
              firstId[..<cut] == lastId[..<lastCut],
              let first = Int64(firstId[firstId.index(after: cut)...]),
              let last = Int64(lastId[lastId.index(after: lastCut)...]),
              first <= last else { throw unknown }
        let prefix = firstId[...cut]
        // The prefix names scheme, park and device; their issuances are in serial order.
        for numbers in serialIndex.values where issues[numbers[0]].issue.idPrefix == prefix {
            var low = 0, high = numbers.count
            while low < high {
                let middle = (low + high) / 2
                if issues[numbers[middle]].issue.lastSerial < first { low = middle + 1 } else { high = middle }
            }
            guard low < numbers.count else { break }
            let n = numbers[low]
            guard let k = issues[n].ranges.firstIndex(where: { $0.firstSerial <= first && last <= $0.lastSerial }) else {
                break
            }
            return (n, k, first, last)
        }
        throw unknown
    }

    /// Replaces range `k` of issuance `n` by its pieces: serials `first...last` changed by
    /// `change`, and what lies before and after them unchanged. Returns the changed piece
    /// and whether the range was split.
    mutating func cut(_ n: Int, _ k: Int, _ first: Int64, _ last: Int64,
                      _ change: (inout CertificateRange) -> Void) -> (CertificateRange, split: Bool) {
        var rest = issues[n].ranges[k]
        var pieces: [CertificateRange] = []
        if first > rest.firstSerial { pieces.append(rest.takeFirst(first - rest.firstSerial)) }
        var piece = rest.takeFirst(last - first + 1)
        change(&piece)
        pieces.append(piece)
        if rest.count > 0 { pieces.append(rest) }
        issues[n].ranges.replaceSubrange(k...k, with: pieces)
        changed.insert(n)
        return (piece, pieces.count > 1)
    }

    /// Active certificates of issuance `n` held by `owner`.
    func held(_ n: Int, by owner: String) -> Int64 {
        issues[n].ranges.reduce(Int64(0)) { $0 + ($1.owner == owner && $1.isActive ? $1.count : 0) }
    }

    /// Changes the first `count` active certificates of `owner` in issuance `n`, range by
    /// range; returns each changed piece with the range it was split from (if it was).
    mutating func changeHeld(_ n: Int, owner: String, count: Int64,
                             _ change: (inout CertificateRange) -> Void) -> [(CertificateRange, splitFrom: (Int64, Int64)?)] {
        var cursor = 0
        return changeHeld(n, owner: owner, count: count, cursor: &cursor, change)
    }

    /// ``changeHeld(_:owner:count:_:)`` searching from range `cursor`, which it leaves where the
    /// next search may start: for a caller giving one owner's certificates to many in turn,
    /// where no active range of `owner` lies before the cursor (linear, not quadratic, in the
    /// recipients).
    mutating func changeHeld(_ n: Int, owner: String, count: Int64, cursor: inout Int,
                             _ change: (inout CertificateRange) -> Void)
        -> [(CertificateRange, splitFrom: (Int64, Int64)?)] {
        var remaining = count, k = cursor
        defer { cursor = k }
        var pieces: [(CertificateRange, splitFrom: (Int64, Int64)?)] = []
        while remaining > 0 && k < issues[n].ranges.count {
            let r = issues[n].ranges[k]
            guard r.owner == owner, r.isActive else { k += 1; continue }
            let take = min(remaining, r.count)
            let (piece, split) = cut(n, k, r.firstSerial, r.firstSerial + take - 1, change)
            pieces.append((piece, split ? (r.firstSerial, r.lastSerial) : nil))
            remaining -= take
            k += 1
        }
        return pieces
    }
}
