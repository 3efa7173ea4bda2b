/// The park's certificate registry as a pure state machine: issuance from metered
/// generation, transfer per allocation, manual transfer, redemption (DOMAIN.md 4,
/// normative). Every change returns the ledger events that record it; the caller stores
/// the new state and the events in one transaction.
///
/// Certificates are kept per issuance (one device, scheme and production period), each
/// with its ranges of serials: a change touches one issuance, and a store writes back only
/// the issuances changed since it loaded the registry (`changed`).
public struct CertificateRegistry: Sendable, Equatable {
    public var parkId: String
    /// Every issuance in issue order, with its certificates' ranges.
    public internal(set) var issues: [Entry] = []
    /// Next serial per scheme and device, `scheme|device`.
    public var nextSerial: [String: Int64] = [:]
    /// Generation not yet issued (below one certificate) per scheme and device.
    public var issuanceCarry: [String: Int64] = [:]
    /// Allocated Wh not yet transferred (below one certificate), `scheme|member|device`.
    public var transferCarry: [String: Int64] = [:]
    /// Wh redeemed per beneficiary and reporting period, `member|start|end`.
    public var redeemedFor: [String: Int64] = [:]
    /// Redemption statements made so far (their ids count up).
    public var statementCount = 0
    /// Numbers of the issuances new or changed since the registry was loaded or committed.
    public internal(set) var changed: Set<Int> = []

    /// Issuance by scheme, device and production start.
    private var periodIndex: [PeriodKey: Int] = [:]
    /// Issuances per device (any scheme), sorted by production start: certified spans.
    private var spans: [String: [Int]] = [:]
    /// Issuances with certificates per `scheme|device`, in serial order.
    private var serialIndex: [String: [Int]] = [:]

    /// One issuance and what became of its certificates.
    public struct Entry: Sendable, Equatable {
        public let issue: CertificateIssue
        /// Its certificates, in serial order, as ranges of one owner and status.
        public internal(set) var ranges: [CertificateRange]
        /// Members that received their allocation transfer for this issuance.
        public internal(set) var transferredTo: [String]

        public init(issue: CertificateIssue, ranges: [CertificateRange], transferredTo: [String]) {
            self.issue = issue
            self.ranges = ranges
            self.transferredTo = transferredTo
        }
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
        index(entry.issue)
        issues.append(entry)
    }

    /// Forgets the changes once a store has written them.
    public mutating func markCommitted() { changed = [] }

    private mutating func index(_ issue: CertificateIssue) {
        let n = issue.number
        periodIndex[PeriodKey(scheme: issue.scheme, device: issue.device, start: issue.productionStart.seconds)] = n
        var list = spans[issue.device, default: []]
        list.insert(n, at: spanPosition(list, issue.productionStart))
        spans[issue.device] = list
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

    /// The issuance of `device`'s `scheme` certificates for the period from `start`.
    public func issueNumber(_ scheme: CertificateScheme, device: String, start: Timestamp) -> Int? {
        periodIndex[PeriodKey(scheme: scheme, device: device, start: start.seconds)]
    }

    /// Whether `device`'s `scheme` certificates for the period from `start` were issued.
    public func isIssued(_ scheme: CertificateScheme, device: String, start: Timestamp) -> Bool {
        issueNumber(scheme, device: device, start: start) != nil
    }

    /// Whether the allocation transfer for `member` was made.
    public func isTransferred(_ scheme: CertificateScheme, device: String, start: Timestamp, member: String) -> Bool {
        issueNumber(scheme, device: device, start: start).map { issues[$0].transferredTo.contains(member) } ?? false
    }

    /// Issues certificates for `generationWh` metered by `device` in `[start, end)`.
    ///
    /// Rule: only for a registered device and only for production from its registration;
    /// never twice for the same device and period, nor for production certified in
    /// another scheme; MWh schemes issue `floor((generation + carried) / 1 MWh)` and carry
    /// the rest to the device's next period; granular issues one certificate per Wh.
    public mutating func issue(
        scheme: CertificateScheme, device: Generator, registeredFrom: Timestamp, country: String, region: String,
        start: Timestamp, end: Timestamp, generationWh: Int64, at time: Timestamp, issuer: String
    ) throws -> [LedgerEvent] {
        // Every operation checks everything before it changes anything, so a refused one
        // leaves the registry exactly as it was (without copying it).
        guard start >= registeredFrom else { throw CertificateError.beforeRegistration(device.id, start, registeredFrom) }
        guard !isIssued(scheme, device: device.id, start: start) else { throw CertificateError.alreadyIssued(scheme, device.id, start) }
        // Spans of a device never overlap and are sorted by start: only the neighbours of
        // the new one's place can overlap it.
        let list = spans[device.id] ?? []
        let place = spanPosition(list, start)
        let before = place > 0 ? issues[list[place - 1]].issue : nil, after = place < list.count ? issues[list[place]].issue : nil
        if let other = before.flatMap({ $0.productionEnd > start ? $0 : nil }) ?? after.flatMap({ $0.productionStart < end ? $0 : nil }) {
            throw CertificateError(code: "certificates.double-issuance", message: "production of \(device.id) from \(start) to \(end) overlaps \(other.scheme.rawValue) certificates already issued for \(other.productionStart) to \(other.productionEnd); the same energy is never certified twice")
        }
        let rules = SchemeRules.rules(for: scheme)
        let carryKey = Self.key(scheme.rawValue, device.id)
        let available = generationWh + issuanceCarry[carryKey, default: 0]
        let count = available / rules.unitWh
        issuanceCarry[carryKey] = available - count * rules.unitWh
        let first = nextSerial[carryKey, default: 1]
        nextSerial[carryKey] = first + count
        let issue = CertificateIssue(
            number: issues.count, scheme: scheme, parkId: parkId, device: device.id, technology: device.technology.rawValue,
            country: country, region: region, commissioned: device.commissioned, productionStart: start, productionEnd: end,
            firstSerial: first, count: count, unitWh: rules.unitWh, issuedAt: time, issuer: issuer, origin: "production")
        let ranges = count > 0 ? [CertificateRange(issue: issue, firstSerial: first, lastSerial: issue.lastSerial, owner: device.id, status: .active)] : []
        restore(Entry(issue: issue, ranges: ranges, transferredTo: []))
        changed.insert(issue.number)
        guard count > 0 else { return [] }
        return [Self.issuanceEvent(issue, owner: device.id)]
    }

    /// The ledger entry of an issuance, written in key order.
    static func issuanceEvent(_ issue: CertificateIssue, owner: String) -> LedgerEvent {
        var data = CanonicalObjectWriter()
        data.string("commissioned", issue.commissioned.description)
        data.integer("count", issue.count)
        data.string("country", issue.country)
        data.string("device", issue.device)
        data.certificateId("first_id", prefix: issue.idPrefix, serial: issue.firstSerial)
        data.string("issuer", issue.issuer)
        data.certificateId("last_id", prefix: issue.idPrefix, serial: issue.lastSerial)
        data.string("origin", issue.origin)
        data.string("owner", owner)
        data.string("production_end", issue.productionEnd.iso8601)
        data.string("production_start", issue.productionStart.iso8601)
        data.string("region", issue.region)
        data.string("scheme", issue.scheme.rawValue)
        data.string("technology", issue.technology)
        data.integer("unit_wh", issue.unitWh)
        data.integer("volume_wh", issue.count * issue.unitWh)
        return LedgerEvent(kind: .issuance, dataBytes: data.finish())
    }

    /// Finds the range holding `firstId...lastId`: (issuance, range index, first, last serial).
    func locate(_ firstId: String, _ lastId: String) throws -> (Int, Int, Int64, Int64) {
        let unknown = CertificateError(code: "certificates.unknown", message: "no certificates \(firstId) to \(lastId) in one range of the registry")
        guard let cut = firstId.lastIndex(of: "-"), let lastCut = lastId.lastIndex(of: "-"),
              firstId[..<cut] == lastId[..<lastCut],
              let first = Int64(firstId[firstId.index(after: cut)...]), let last = Int64(lastId[lastId.index(after: lastCut)...]),
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
            guard let k = issues[n].ranges.firstIndex(where: { $0.firstSerial <= first && last <= $0.lastSerial }) else { break }
            return (n, k, first, last)
        }
        throw unknown
    }

    /// Replaces range `k` of issuance `n` by its pieces: serials `first...last` changed by
    /// `change`, and what lies before and after them unchanged. Returns the changed piece
    /// and whether the range was split.
    mutating func cut(_ n: Int, _ k: Int, _ first: Int64, _ last: Int64, _ change: (inout CertificateRange) -> Void) -> (CertificateRange, split: Bool) {
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
}
