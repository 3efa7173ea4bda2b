/// The park's certificate registry as a pure state machine: issuance from metered
/// generation, transfer per allocation, manual transfer, redemption (DOMAIN.md 4,
/// normative). Every change returns the ledger events that record it; the caller stores
/// the new state and the events in one transaction.
public struct CertificateRegistry: Sendable, Equatable {
    public var parkId: String
    /// Every certificate, as ranges.
    public var ranges: [CertificateRange] = []
    /// Next serial per scheme and device.
    public var nextSerial: [String: Int64] = [:]
    /// Generation not yet issued (below one certificate) per scheme and device.
    public var issuanceCarry: [String: Int64] = [:]
    /// Allocated Wh not yet transferred (below one certificate) per scheme, member and device.
    public var transferCarry: [String: Int64] = [:]
    /// Periods issued, `scheme|device|start`.
    public var issuedPeriods: Set<String> = []
    /// Wh redeemed per beneficiary and reporting period, `member|start|end`.
    public var redeemedFor: [String: Int64] = [:]
    /// Redemption statements made so far (their ids count up).
    public var statementCount = 0
    /// Allocation transfers made, `scheme|device|start|member`: each happens once.
    public var transferredPeriods: Set<String> = []
    /// Production already certified per device, in any scheme.
    public var certifiedSpans: [String: [CertifiedSpan]] = [:]

    /// A span of a device's production covered by certificates of one scheme.
    public struct CertifiedSpan: Sendable, Equatable {
        public var scheme: String
        public var start: Timestamp
        public var end: Timestamp

        public init(scheme: String, start: Timestamp, end: Timestamp) {
            self.scheme = scheme
            self.start = start
            self.end = end
        }
    }

    public init(parkId: String) { self.parkId = parkId }

    static func key(_ parts: String...) -> String { parts.joined(separator: "|") }

    /// The indices of the ranges of one issuance (scheme, device, production start). They
    /// stay adjacent (splits insert next to the range split) and recent ones are at the
    /// end, so the search runs from the end: appending a period's certificates and
    /// transferring them costs the same whatever the registry's size.
    func periodIndices(scheme: CertificateScheme, device: String, start: Timestamp) -> Range<Int> {
        func matches(_ k: Int) -> Bool {
            ranges[k].productionStart == start && ranges[k].device == device && ranges[k].scheme == scheme
        }
        guard let last = ranges.indices.last(where: matches) else { return 0..<0 }
        var first = last
        while first > 0 && matches(first - 1) { first -= 1 }
        return first..<(last + 1)
    }

    /// Whether `device`'s `scheme` certificates for the period from `start` were issued.
    public func isIssued(_ scheme: CertificateScheme, device: String, start: Timestamp) -> Bool {
        issuedPeriods.contains(Self.key(scheme.rawValue, device, String(start.seconds)))
    }

    /// Whether the allocation transfer for `member` was made.
    public func isTransferred(_ scheme: CertificateScheme, device: String, start: Timestamp, member: String) -> Bool {
        transferredPeriods.contains(Self.key(scheme.rawValue, device, String(start.seconds), member))
    }

    /// Issues certificates for `generationWh` metered by `device` in `[start, end)`.
    ///
    /// Rule: only for a registered device and only for production from its registration;
    /// never twice for the same device and period; MWh schemes issue
    /// `floor((generation + carried) / 1 MWh)` and carry the rest to the device's next
    /// period; granular issues one certificate per Wh.
    public mutating func issue(
        scheme: CertificateScheme, device: Generator, registeredFrom: Timestamp, country: String, region: String,
        start: Timestamp, end: Timestamp, generationWh: Int64, at time: Timestamp, issuer: String
    ) throws -> [LedgerEvent] {
        // Every operation checks everything before it changes anything, so a refused one
        // leaves the registry exactly as it was (without copying it).
        guard start >= registeredFrom else { throw CertificateError.beforeRegistration(device.id, start, registeredFrom) }
        let periodKey = Self.key(scheme.rawValue, device.id, String(start.seconds))
        guard !issuedPeriods.contains(periodKey) else { throw CertificateError.alreadyIssued(scheme, device.id, start) }
        // The same production is never certified twice, not even in two schemes.
        // Spans of a device never overlap and are kept sorted by start: only the neighbours
        // of the new one's place can overlap it (a binary search, not a scan).
        let spans = certifiedSpans[device.id] ?? []
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start < start { low = middle + 1 } else { high = middle }
        }
        let clash = low > 0 && spans[low - 1].end > start ? spans[low - 1] : (low < spans.count && spans[low].start < end ? spans[low] : nil)
        if let other = clash {
            throw CertificateError(code: "certificates.double-issuance", message: "production of \(device.id) from \(start) to \(end) overlaps \(other.scheme) certificates already issued for \(other.start) to \(other.end); the same energy is never certified twice")
        }
        issuedPeriods.insert(periodKey)
        certifiedSpans[device.id, default: []].insert(CertifiedSpan(scheme: scheme.rawValue, start: start, end: end), at: low)
        let rules = SchemeRules.rules(for: scheme)
        let carryKey = Self.key(scheme.rawValue, device.id)
        let available = generationWh + issuanceCarry[carryKey, default: 0]
        let count = available / rules.unitWh
        issuanceCarry[carryKey] = available - count * rules.unitWh
        guard count > 0 else { return [] }
        let first = nextSerial[carryKey, default: 1]
        nextSerial[carryKey] = first + count
        let range = CertificateRange(
            scheme: scheme, parkId: parkId, device: device.id, technology: device.technology.rawValue, country: country,
            region: region, commissioned: device.commissioned, productionStart: start, productionEnd: end,
            firstSerial: first, lastSerial: first + count - 1, unitWh: rules.unitWh, issuedAt: time, issuer: issuer,
            origin: "production", owner: device.id, status: .active)
        ranges.append(range)
        return [LedgerEvent(kind: .issuance, data: [
            "scheme": .string(scheme.rawValue), "device": .string(device.id), "technology": .string(range.technology),
            "country": .string(country), "region": .string(region), "commissioned": .string(device.commissioned.description),
            "production_start": .string(start.iso8601), "production_end": .string(end.iso8601),
            "first_id": .string(range.firstId), "last_id": .string(range.lastId), "count": .integer(count),
            "unit_wh": .integer(rules.unitWh), "volume_wh": .integer(range.volumeWh), "owner": .string(device.id),
            "issuer": .string(issuer), "origin": .string("production"),
        ])]
    }

    /// Moves certificates of `device` and the period starting at `start` from the device's
    /// account to `member` for `allocatedWh` allocated to it.
    ///
    /// Rule: whole certificates for MWh schemes; the member's fractional remainder carries
    /// forward per device and scheme. What is not allocated stays with the generator.
    public mutating func transferAllocation(
        scheme: CertificateScheme, device: String, start: Timestamp, to member: String, allocatedWh: Int64, at time: Timestamp
    ) throws -> [LedgerEvent] {
        try transferAllocationChecked(scheme: scheme, device: device, start: start, to: member, allocatedWh: allocatedWh, at: time)
    }

    /// A manual transfer of the certificates `firstId...lastId` (one range or part of one)
    /// from `owner` to `recipient`.
    public mutating func transfer(firstId: String, lastId: String, from owner: String, to recipient: String, at time: Timestamp) throws -> [LedgerEvent] {
        let (index, first, last) = try locate(firstId, lastId)
        let r = ranges[index]
        guard r.owner == owner else { throw CertificateError.notOwner(firstId, r.owner, owner) }
        if case .redeemed(let statement) = r.status { throw CertificateError.alreadyRedeemed(firstId, statement) }
        return try moveSerials(index: index, first: first, last: last, to: recipient, reason: "manual", at: time)
    }

    /// Finds the range holding `firstId...lastId` and their serials.
    func locate(_ firstId: String, _ lastId: String) throws -> (Int, Int64, Int64) {
        for (index, r) in ranges.enumerated() {
            let prefix = String(r.firstId.dropLast(10))
            guard firstId.hasPrefix(prefix), lastId.hasPrefix(prefix),
                  let first = Int64(firstId.dropFirst(prefix.count)), let last = Int64(lastId.dropFirst(prefix.count)),
                  first >= r.firstSerial, last <= r.lastSerial, first <= last else { continue }
            return (index, first, last)
        }
        throw CertificateError(code: "certificates.unknown", message: "no certificates \(firstId) to \(lastId) in one range of the registry")
    }

    /// Moves serials `first...last` of range `index` to `recipient`, splitting it.
    mutating func moveSerials(index: Int, first: Int64, last: Int64, to recipient: String, reason: String, at time: Timestamp) throws -> [LedgerEvent] {
        var r = ranges[index]
        ranges.remove(at: index)
        var pieces: [CertificateRange] = []
        if first > r.firstSerial { pieces.append(r.takeFirst(first - r.firstSerial)) }
        var moved = r.takeFirst(last - first + 1)
        let owner = moved.owner
        moved.owner = recipient
        pieces.append(moved)
        if r.count > 0 { pieces.append(r) }
        ranges.insert(contentsOf: pieces, at: index)
        let whole = pieces.count > 1 ? (pieces.first!.firstId, pieces.last!.lastId) : nil
        return [Self.transferEvent(moved, from: owner, to: recipient, reason: reason, splitFrom: whole)]
    }

    /// The ledger entry of a transfer. When the certificates moved were part of a larger
    /// range, `split_from` names that range: the split is recorded in the same entry.
    static func transferEvent(_ moved: CertificateRange, from owner: String, to recipient: String, reason: String, splitFrom: (String, String)?) -> LedgerEvent {
        var data: [String: CanonicalJSON] = [
            "scheme": .string(moved.scheme.rawValue), "first_id": .string(moved.firstId), "last_id": .string(moved.lastId),
            "count": .integer(moved.count), "volume_wh": .integer(moved.volumeWh),
            "from": .string(owner), "to": .string(recipient), "reason": .string(reason),
        ]
        if let (first, last) = splitFrom { data["split_from"] = .array([.string(first), .string(last)]) }
        return LedgerEvent(kind: .transfer, data: data)
    }

    private mutating func transferAllocationChecked(
        scheme: CertificateScheme, device: String, start: Timestamp, to member: String, allocatedWh: Int64, at time: Timestamp
    ) throws -> [LedgerEvent] {
        let rules = SchemeRules.rules(for: scheme)
        let doneKey = Self.key(scheme.rawValue, device, String(start.seconds), member)
        guard !transferredPeriods.contains(doneKey) else {
            throw CertificateError(code: "certificates.already-transferred", message: "the \(scheme.rawValue) certificates of \(device) for the period from \(start) were transferred to \(member) already")
        }
        transferredPeriods.insert(doneKey)
        let carryKey = Self.key(scheme.rawValue, member, device)
        let available = allocatedWh + transferCarry[carryKey, default: 0]
        var count = available / rules.unitWh
        // Not more than the device's certificates for that period (the rest of the carry waits).
        let period = periodIndices(scheme: scheme, device: device, start: start)
        let held = period.reduce(Int64(0)) { sum, k in
            ranges[k].owner == device && ranges[k].status == .active ? sum + ranges[k].count : sum
        }
        count = min(count, held)
        transferCarry[carryKey] = available - count * rules.unitWh
        guard count > 0 else { return [] }
        return try move(count, startingAt: period.lowerBound, where: { $0.scheme == scheme && $0.device == device && $0.productionStart == start },
                        from: device, to: member, reason: "allocation", at: time)
    }

    /// Moves `count` active certificates matching `filter` from `owner` to `recipient`,
    /// lowest serials first, splitting a range where needed.
    mutating func move(
        _ count: Int64, startingAt first: Int = 0, where filter: (CertificateRange) -> Bool, from owner: String, to recipient: String,
        reason: String, at time: Timestamp
    ) throws -> [LedgerEvent] {
        var remaining = count
        var events: [LedgerEvent] = []
        var index = first
        while remaining > 0 && index < ranges.count {
            let r = ranges[index]
            guard r.owner == owner, r.status == .active, filter(r) else { index += 1; continue }
            var moved: CertificateRange
            var splitFrom: (String, String)?
            if r.count <= remaining {
                moved = r
                ranges[index].owner = recipient
            } else {
                moved = ranges[index].takeFirst(remaining)
                splitFrom = (r.firstId, r.lastId)
                moved.owner = recipient
                ranges.insert(moved, at: index)
                index += 1
            }
            remaining -= moved.count
            events.append(Self.transferEvent(moved, from: owner, to: recipient, reason: reason, splitFrom: splitFrom))
            index += 1
        }
        guard remaining == 0 else {
            throw CertificateError.notEnough("\(owner) holds \(count - remaining) matching active certificates, not \(count)")
        }
        return events
    }
}
