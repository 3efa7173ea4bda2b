extension CertificateRegistry {
    /// When a certificate of `range` can no longer be redeemed (GEC: two years after the
    /// start of its production month, also when its device was registered during that
    /// month), or `nil` when the scheme sets no limit. The production start is a local
    /// midnight; its local date is read within +-12 h of UTC.
    public static func expiry(of range: CertificateRange) -> Timestamp? {
        guard let months = SchemeRules.rules(for: range.scheme).validityMonths else { return nil }
        let date = CivilDate(daysSinceEpoch: range.productionStart.adding(seconds: 12 * 3600).utcDay)
        let monthStart = range.productionStart.adding(seconds: -Int64(date.day - 1) * 86_400)
        let total = date.year * 12 + (date.month - 1) + months
        let later = CivilDate(year: total / 12, month: total % 12 + 1, day: 1)
        let first = CivilDate(year: date.year, month: date.month, day: 1)
        return monthStart.adding(seconds: (later.daysSinceEpoch - first.daysSinceEpoch) * 86_400)
    }

    /// Redeems the beneficiary's certificates produced in the reporting period, oldest
    /// production first, for consumption not yet covered.
    ///
    /// Rule (DOMAIN.md 4): only certificates it owns, active, of the period's vintage and
    /// (GEC) not expired; whole certificates; an hourly certificate covers consumption of
    /// its own hour only, a monthly one the hours of its production month inside the
    /// period first and then the period's other hours; no hour's consumption is covered
    /// twice across all statements. Without a volume, as many certificates as fit; with
    /// one, exactly that volume or a refusal. Final.
    public mutating func redeem(_ request: RedemptionRequest, at time: Timestamp) throws
        -> (RedemptionStatement, [LedgerEvent]) {
        try redeem(request, owned: owned(by: [request.beneficiary], request)[request.beneficiary] ?? [], at: time)
    }

    /// Redeems for each request (one reporting period and scheme, one beneficiary each), as
    /// ``redeem(_:at:)`` one after the other would, finding every beneficiary's certificates
    /// in one pass over the period's issuances. A refusal is that request's result.
    public mutating func redeem(each requests: [RedemptionRequest], at time: Timestamp)
        -> [Result<(RedemptionStatement, [LedgerEvent]), CertificateError>] {
        var results: [Result<(RedemptionStatement, [LedgerEvent]), CertificateError>] = []
        try? redeem(each: requests, at: time) { results.append($0) }
        return results
    }

    /// ``redeem(each:at:)`` handing each request's result to `handle` as soon as it is made,
    /// so a caller can store one member's events (over a megabyte for a year of hourly
    /// certificates) before the next is built. An error `handle` throws stops the redemptions.
    public mutating func redeem(each requests: [RedemptionRequest], at time: Timestamp,
                                _ handle: (Result<(RedemptionStatement, [LedgerEvent]), CertificateError>) throws
                                    -> Void) throws {
        guard let first = requests.first else { return }
        let owned = owned(by: Set(requests.map(\.beneficiary)), first)
        for request in requests {
            let result: Result<(RedemptionStatement, [LedgerEvent]), CertificateError>
            do {
                result = .success(try redeem(request, owned: owned[request.beneficiary] ?? [], at: time))
            } catch let error as CertificateError {
                result = .failure(error)
            } catch {
                result = .failure(CertificateError(code: "certificates.failed", message: "\(error)"))
            }
            try handle(result)
        }
    }

    /// The active ranges (issuance, first serial) each of `owners` holds among the
    /// candidates of `request`'s period and scheme, oldest production first.
    func owned(by owners: Set<String>, _ request: RedemptionRequest) -> [String: [(n: Int, first: Int64)]] {
        var result: [String: [(n: Int, first: Int64)]] = [:]
        for n in candidates(request) {
            for r in issues[n].ranges where r.isActive && owners.contains(r.owner) {
                result[r.owner, default: []].append((n, r.firstSerial))
            }
        }
        return result
    }

    /// The index of the range of issuance `n` that starts at serial `first`.
    func rangeIndex(_ n: Int, startingAt first: Int64) -> Int? {
        let ranges = issues[n].ranges
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].firstSerial < first { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].firstSerial == first ? low : nil
    }

    mutating func redeem(_ request: RedemptionRequest, owned: [(n: Int, first: Int64)], at time: Timestamp) throws
        -> (RedemptionStatement, [LedgerEvent]) {
        let rules = SchemeRules.rules(for: request.scheme)
        let hourly = rules.period == .hour
        if let volume = request.volumeWh, volume <= 0 || volume % rules.unitWh != 0 {
            throw CertificateError(
                code: "certificates.volume",
                message: "\(volume) Wh is not a positive whole number of \(request.scheme.rawValue) certificates "
                    + "(\(rules.unitWh) Wh each)")
        }
        var wanted = request.volumeWh.map { $0 / rules.unitWh } ?? Int64.max
        var free = (0..<request.room.hours).map(request.room.uncovered)
        var fitting = hourly ? 0 : free.reduce(0, +) / rules.unitWh
        var chosen: [(Int, Int64, Int64, Int64)] = []
        var expired: Int64 = 0, held: Int64 = 0
        for (n, start) in owned where wanted > 0 {
            do {
                guard let k = rangeIndex(n, startingAt: start) else { continue }
                let r = issues[n].ranges[k]
                guard r.owner == request.beneficiary, r.isActive else { continue }
                if let expiry = Self.expiry(of: r), time >= expiry { expired += r.count; continue }
                held += r.count
                var take = min(r.count, wanted)
                if hourly {
                    guard let h = request.room.hour(of: r.productionStart) else { continue }
                    take = min(take, free[h])
                    free[h] -= take
                } else {
                    take = min(take, fitting)
                    fitting -= take
                }
                guard take > 0 else { continue }
                chosen.append((n, r.firstSerial, r.firstSerial, r.firstSerial + take - 1))
                wanted -= take
            }
        }
        let expiredNote = expired > 0 ? " (\(expired) more have expired)" : ""
        if let asked = request.volumeWh, wanted > 0 {
            let askedCount = asked / rules.unitWh
            if asked > request.room.uncoveredWh || held >= askedCount {
                throw CertificateError.aboveConsumption(asked, request, coverable: askedCount - wanted, unit: rules.unitWh)
            }
            throw CertificateError.notEnough(
                "\(request.beneficiary) holds \(held) redeemable \(request.scheme.rawValue) certificates of "
                    + "\(request.periodLabel), not \(askedCount)\(expiredNote)")
        }
        if chosen.isEmpty {
            let why = held > 0
                ? "its consumption in \(request.periodLabel) that they could cover is covered already "
                    + "(\(request.room.uncoveredWh) Wh uncovered)"
                : "it holds no redeemable \(request.scheme.rawValue) certificates of \(request.periodLabel)\(expiredNote)"
            throw CertificateError(code: "certificates.nothing-to-redeem",
                                   message: "\(request.beneficiary): nothing to redeem: \(why)")
        }
        return retire(chosen, for: request, at: time)
    }

    /// Issuances whose certificates may serve `request`: its scheme, produced inside its
    /// period, oldest production first (issue order among equals).
    func candidates(_ request: RedemptionRequest) -> [Int] {
        issues.indices.filter { n in
            let issue = issues[n].issue
            return issue.scheme == request.scheme && issue.count > 0 && issue.productionStart >= request.periodStart
                && issue.productionEnd <= request.periodEnd
        }.sorted { (issues[$0].issue.productionStart, $0) < (issues[$1].issue.productionStart, $1) }
    }

    /// Redeems exactly the certificates `firstId...lastId` for the request's beneficiary;
    /// refuses certificates it does not own, already redeemed or withdrawn, expired, of
    /// another vintage, or more than the consumption they may cover that is not covered yet.
    public mutating func redeem(firstId: String, lastId: String, _ request: RedemptionRequest,
                                at time: Timestamp) throws -> (RedemptionStatement, [LedgerEvent]) {
        let (n, k, first, last) = try locate(firstId, lastId)
        let r = issues[n].ranges[k]
        guard r.owner == request.beneficiary else { throw CertificateError.notOwner(firstId, r.owner, request.beneficiary) }
        switch r.status {
        case .active: break
        case .redeemed(let statement): throw CertificateError.alreadyRedeemed(firstId, statement)
        case .withdrawn(let correction): throw CertificateError.withdrawn(firstId, correction)
        case .cancelled(let record): throw CertificateError.cancelled(firstId, record)
        }
        if let expiry = Self.expiry(of: r), time >= expiry {
            throw CertificateError(
                code: "certificates.expired",
                message: "certificate \(firstId) expired on \(expiry) (a GEC is valid for two years from its production month)")
        }
        guard r.scheme == request.scheme, r.productionStart >= request.periodStart, r.productionEnd <= request.periodEnd else {
            throw CertificateError(
                code: "certificates.vintage",
                message: "certificate \(firstId) was produced \(r.productionStart) to \(r.productionEnd), "
                    + "outside the reporting period \(request.periodLabel)")
        }
        let volume = (last - first + 1) * r.unitWh
        let hourly = SchemeRules.rules(for: r.scheme).period == .hour
        let (_, leftover) = request.room.place([(r.productionStart, r.productionEnd, volume)], hourly: hourly)
        guard leftover == 0 else {
            throw CertificateError.aboveConsumption(volume, request, coverable: (volume - leftover) / r.unitWh,
                                                    unit: r.unitWh, hour: hourly ? r.productionStart : nil)
        }
        return retire([(n, r.firstSerial, first, last)], for: request, at: time)
    }

    /// Retires the chosen serials (issuance, start of their range, first, last) under a new
    /// statement that records the hours they cover, and records the redemption, preceded by
    /// a `split` entry for each range cut.
    mutating func retire(_ chosen: [(Int, Int64, Int64, Int64)], for request: RedemptionRequest,
                         at time: Timestamp) -> (RedemptionStatement, [LedgerEvent]) {
        statementCount += 1
        let id = "RS-\(parkId)-\(statementCount)"
        var statement = RedemptionStatement(
            id: id, beneficiary: request.beneficiary, location: request.location, periodLabel: request.periodLabel,
            periodStart: request.periodStart, periodEnd: request.periodEnd, purpose: request.purpose,
            scheme: request.scheme, redeemedAt: time, certificates: [])
        var events: [LedgerEvent] = []
        // In issuance and serial order; each range is found by its first serial.
        for (n, start, first, last) in chosen.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            guard let k = rangeIndex(n, startingAt: start) else { continue }
            let whole = issues[n].ranges[k]
            let (retired, split) = cut(n, k, first, last) { $0.status = .redeemed(statement: id) }
            if split {
                let parts = [whole.firstSerial < first ? (whole.firstId, whole.issue.id(first - 1)) : nil,
                             (retired.firstId, retired.lastId),
                             last < whole.lastSerial ? (whole.issue.id(last + 1), whole.lastId) : nil].compactMap { $0 }
                events.append(LedgerEvent(kind: .split, data: [
                    "scheme": .string(retired.scheme.rawValue),
                    "parts": .array(parts.map { .array([.string($0.0), .string($0.1)]) }),
                ]))
            }
            statement.certificates.append(retired)
        }
        let pieces = statement.certificates.sorted { $0.productionStart < $1.productionStart }
            .map { ($0.productionStart, $0.productionEnd, $0.volumeWh) }
        let (placed, _) = request.room.place(pieces, hourly: SchemeRules.rules(for: request.scheme).period == .hour)
        let coverage = ClaimCoverage(statement: id, member: request.beneficiary, firstHour: request.room.firstHour,
                                     coveredWh: placed)
        statement.coverage = coverage
        events.append(LedgerEvent(kind: .redemption, data: [
            "statement": .string(id), "beneficiary": .string(request.beneficiary), "location": .string(request.location),
            "period": .string(request.periodLabel), "period_start": .string(request.periodStart.iso8601),
            "period_end": .string(request.periodEnd.iso8601), "purpose": .string(request.purpose),
            "scheme": .string(request.scheme.rawValue), "volume_wh": .integer(statement.volumeWh),
            "certificates": .array(statement.certificates.map { .array([.string($0.firstId), .string($0.lastId)]) }),
            "covered_hours": .integer(Int64(coverage.hours.count)), "coverage_sha256": .string(coverage.digest),
        ]))
        return (statement, events)
    }
}
