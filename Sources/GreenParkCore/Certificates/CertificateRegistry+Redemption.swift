/// What a member asks to redeem (retire) for a reporting period.
public struct RedemptionRequest: Sendable {
    public var beneficiary: String
    public var location: String
    /// The reporting period, e.g. a local calendar year, and its label ("2023").
    public var periodStart: Timestamp
    public var periodEnd: Timestamp
    public var periodLabel: String
    public var purpose: String
    public var scheme: CertificateScheme
    /// Wh to cover; `nil` covers as much of the consumption as the member's certificates can.
    public var volumeWh: Int64?
    /// The beneficiary's metered consumption in the period: no claim may exceed it.
    public var consumptionWh: Int64

    public init(beneficiary: String, location: String, periodStart: Timestamp, periodEnd: Timestamp, periodLabel: String,
                purpose: String, scheme: CertificateScheme, volumeWh: Int64? = nil, consumptionWh: Int64) {
        self.beneficiary = beneficiary
        self.location = location
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.periodLabel = periodLabel
        self.purpose = purpose
        self.scheme = scheme
        self.volumeWh = volumeWh
        self.consumptionWh = consumptionWh
    }
}

/// The record of a redemption: which certificates were retired, for whom and what.
public struct RedemptionStatement: Sendable, Equatable {
    public var id: String
    public var beneficiary: String
    public var location: String
    public var periodLabel: String
    public var periodStart: Timestamp
    public var periodEnd: Timestamp
    public var purpose: String
    public var scheme: CertificateScheme
    public var redeemedAt: Timestamp
    public var certificates: [CertificateRange]
    public var volumeWh: Int64 { certificates.reduce(0) { $0 + $1.volumeWh } }

    public init(id: String, beneficiary: String, location: String, periodLabel: String, periodStart: Timestamp, periodEnd: Timestamp,
                purpose: String, scheme: CertificateScheme, redeemedAt: Timestamp, certificates: [CertificateRange]) {
        self.id = id
        self.beneficiary = beneficiary
        self.location = location
        self.periodLabel = periodLabel
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.purpose = purpose
        self.scheme = scheme
        self.redeemedAt = redeemedAt
        self.certificates = certificates
    }
}

extension CertificateRegistry {
    /// When a certificate of `range` can no longer be redeemed (GEC: two years after the
    /// start of its production month), or `nil` when the scheme sets no limit.
    public static func expiry(of range: CertificateRange) -> Timestamp? {
        guard let months = SchemeRules.rules(for: range.scheme).validityMonths else { return nil }
        // The local date of the production start (any offset within +-12 h lands on it).
        let date = CivilDate(daysSinceEpoch: range.productionStart.adding(seconds: 12 * 3600).utcDay)
        let total = date.year * 12 + (date.month - 1) + months
        let later = CivilDate(year: total / 12, month: total % 12 + 1, day: min(date.day, CivilDate.daysIn(month: total % 12 + 1, year: total / 12)))
        return range.productionStart.adding(seconds: (later.daysSinceEpoch - date.daysSinceEpoch) * 86_400)
    }

    /// Redeems the beneficiary's certificates produced in the reporting period, oldest first.
    ///
    /// Rule: only certificates it owns, active, of the period's vintage, and (GEC) not
    /// expired; whole certificates; the volume never exceeds the beneficiary's metered
    /// consumption in the period minus what was redeemed for it before. Final.
    public mutating func redeem(_ request: RedemptionRequest, at time: Timestamp) throws -> (RedemptionStatement, [LedgerEvent]) {
        let unit = SchemeRules.rules(for: request.scheme).unitWh
        let room = uncoveredConsumption(request)
        if let asked = request.volumeWh, asked > room { throw CertificateError.aboveConsumption(asked, request, room) }
        var count = min(request.volumeWh ?? room, room) / unit
        var expired: Int64 = 0
        var chosen: [(Int, Int, Int64, Int64)] = []
        for (n, entry) in issues.enumerated() where count > 0 && entry.issue.scheme == request.scheme
            && entry.issue.productionStart >= request.periodStart && entry.issue.productionEnd <= request.periodEnd {
            for (k, r) in entry.ranges.enumerated() where count > 0 && r.owner == request.beneficiary && r.isActive {
                if let expiry = Self.expiry(of: r), time >= expiry { expired += r.count; continue }
                let take = min(count, r.count)
                chosen.append((n, k, r.firstSerial, r.firstSerial + take - 1))
                count -= take
            }
        }
        if chosen.isEmpty && request.volumeWh == nil {
            throw CertificateError(code: "certificates.nothing-to-redeem", message: "\(request.beneficiary) holds no redeemable \(request.scheme.rawValue) certificates of \(request.periodLabel)\(expired > 0 ? " (\(expired) have expired)" : "") or its consumption is covered already")
        }
        if let asked = request.volumeWh, count > 0 {
            throw CertificateError.notEnough("\(request.beneficiary) holds \(asked / unit - count) redeemable \(request.scheme.rawValue) certificates of \(request.periodLabel), not \(asked / unit)\(expired > 0 ? " (\(expired) more have expired)" : "")")
        }
        return retire(chosen, for: request, at: time)
    }

    /// Claims are capped per beneficiary and reporting period.
    static func claimKey(_ request: RedemptionRequest) -> String {
        key(request.beneficiary, String(request.periodStart.seconds), String(request.periodEnd.seconds))
    }

    /// The beneficiary's metered consumption in the period not yet covered by redemptions.
    func uncoveredConsumption(_ request: RedemptionRequest) -> Int64 {
        request.consumptionWh - redeemedFor[Self.claimKey(request), default: 0]
    }

    /// Retires the chosen serials (issuance, range, first, last) under a new statement and
    /// records the redemption, preceded by a `split` entry for each range cut.
    mutating func retire(_ chosen: [(Int, Int, Int64, Int64)], for request: RedemptionRequest, at time: Timestamp) -> (RedemptionStatement, [LedgerEvent]) {
        statementCount += 1
        let id = "RS-\(parkId)-\(statementCount)"
        var statement = RedemptionStatement(
            id: id, beneficiary: request.beneficiary, location: request.location, periodLabel: request.periodLabel,
            periodStart: request.periodStart, periodEnd: request.periodEnd, purpose: request.purpose, scheme: request.scheme,
            redeemedAt: time, certificates: [])
        var events: [LedgerEvent] = []
        // Retire from the last chosen range backwards so earlier indices stay valid.
        for (n, k, first, last) in chosen.sorted(by: { ($0.0, $0.1) > ($1.0, $1.1) }) {
            let whole = issues[n].ranges[k]
            let (retired, split) = cut(n, k, first, last) { $0.status = .redeemed(statement: id) }
            if split {
                let parts = [whole.firstSerial < first ? (whole.firstId, whole.issue.id(first - 1)) : nil, (retired.firstId, retired.lastId),
                             last < whole.lastSerial ? (whole.issue.id(last + 1), whole.lastId) : nil].compactMap { $0 }
                events.insert(LedgerEvent(kind: .split, data: [
                    "scheme": .string(retired.scheme.rawValue), "parts": .array(parts.map { .array([.string($0.0), .string($0.1)]) }),
                ]), at: 0)
            }
            statement.certificates.insert(retired, at: 0)
        }
        redeemedFor[Self.claimKey(request), default: 0] += statement.volumeWh
        events.append(LedgerEvent(kind: .redemption, data: [
            "statement": .string(id), "beneficiary": .string(request.beneficiary), "location": .string(request.location),
            "period": .string(request.periodLabel), "period_start": .string(request.periodStart.iso8601),
            "period_end": .string(request.periodEnd.iso8601), "purpose": .string(request.purpose),
            "scheme": .string(request.scheme.rawValue), "volume_wh": .integer(statement.volumeWh),
            "certificates": .array(statement.certificates.map { .array([.string($0.firstId), .string($0.lastId)]) }),
        ]))
        return (statement, events)
    }

    /// Redeems exactly the certificates `firstId...lastId` for the request's beneficiary;
    /// refuses certificates it does not own, already redeemed, expired, of another vintage,
    /// or more than its uncovered consumption.
    public mutating func redeem(firstId: String, lastId: String, _ request: RedemptionRequest, at time: Timestamp) throws -> (RedemptionStatement, [LedgerEvent]) {
        let (n, k, first, last) = try locate(firstId, lastId)
        let r = issues[n].ranges[k]
        guard r.owner == request.beneficiary else { throw CertificateError.notOwner(firstId, r.owner, request.beneficiary) }
        if case .redeemed(let statement) = r.status { throw CertificateError.alreadyRedeemed(firstId, statement) }
        if let expiry = Self.expiry(of: r), time >= expiry {
            throw CertificateError(code: "certificates.expired", message: "certificate \(firstId) expired on \(expiry) (a GEC is valid for two years from its production month)")
        }
        guard r.scheme == request.scheme, r.productionStart >= request.periodStart, r.productionEnd <= request.periodEnd else {
            throw CertificateError(code: "certificates.vintage", message: "certificate \(firstId) was produced \(r.productionStart) to \(r.productionEnd), outside the reporting period \(request.periodLabel)")
        }
        let volume = (last - first + 1) * r.unitWh
        let room = uncoveredConsumption(request)
        guard volume <= room else { throw CertificateError.aboveConsumption(volume, request, room) }
        return retire([(n, k, first, last)], for: request, at: time)
    }
}
