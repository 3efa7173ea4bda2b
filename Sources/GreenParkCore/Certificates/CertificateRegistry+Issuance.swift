extension CertificateRegistry {
    /// Issues certificates for `generationWh` metered by `device` in `[start, end)`.
    ///
    /// Rule: only for a registered device and only for production from its registration;
    /// never twice for the same device and period, nor for production certified in
    /// another scheme; MWh schemes issue `floor((generation + carried) / 1 MWh)` and carry
    /// the rest to the device's next period; granular issues one certificate per Wh. A
    /// negative carry (a debit left by a correction) lowers the issuance, never below zero.
    public mutating func issue(
        scheme: CertificateScheme, device: Generator, registeredFrom: Timestamp, country: String, region: String,
        start: Timestamp, end: Timestamp, generationWh: Int64, at time: Timestamp, issuer: String
    ) throws -> [LedgerEvent] {
        // Every operation checks everything before it changes anything, so a refused one
        // leaves the registry exactly as it was (without copying it).
        guard start >= registeredFrom else {
            throw CertificateError.beforeRegistration(device.id, start, registeredFrom)
        }
        guard !isIssued(scheme, device: device.id, start: start) else {
            throw CertificateError.alreadyIssued(scheme, device.id, start)
        }
        guard generationWh >= 0 else {
            throw CertificateError(code: "certificates.negative-generation",
                                   message: "device \(device.id): generation \(generationWh) Wh from \(start) is negative")
        }
        if let other = overlappingSpan(device: device.id, start: start, end: end) {
            throw CertificateError(
                code: "certificates.double-issuance",
                message: "production of \(device.id) from \(start) to \(end) overlaps \(other.scheme.rawValue) certificates "
                    + "already issued for \(other.productionStart) to \(other.productionEnd); "
                    + "the same energy is never certified twice")
        }
        let carryKey = Self.key(scheme.rawValue, device.id)
        let (available, overflow) = generationWh.addingReportingOverflow(issuanceCarry[carryKey, default: 0])
        guard !overflow else {
            throw CertificateError(code: "certificates.overflow", message: "device \(device.id): generation too large")
        }
        let unit = SchemeRules.rules(for: scheme).unitWh
        let count = available > 0 ? available / unit : 0
        guard !nextSerial[carryKey, default: 1].addingReportingOverflow(count).overflow else {
            throw CertificateError(code: "certificates.overflow", message: "device \(device.id): serials exhausted")
        }
        issuanceCarry[carryKey] = available - count * unit
        let issue = makeIssue(scheme: scheme, device: device, country: country, region: region, start: start, end: end,
                              count: count, at: time, issuer: issuer, origin: "production")
        add(Entry(issue: issue, ranges: ownRanges(issue), meteredWh: generationWh, transfers: []))
        guard count > 0 else { return [] }
        return [Self.issuanceEvent(issue, owner: device.id)]
    }

    /// A supplementary issuance of `count` certificates for the production period of
    /// issuance `n` (a correction raised its metered generation).
    mutating func supplement(_ n: Int, count: Int64, at time: Timestamp, correction: String) -> [LedgerEvent] {
        let original = issues[n].issue
        let issue = CertificateIssue(
            number: issues.count, scheme: original.scheme, parkId: parkId, device: original.device,
            technology: original.technology, country: original.country, region: original.region,
            commissioned: original.commissioned, productionStart: original.productionStart,
            productionEnd: original.productionEnd, firstSerial: nextSerial[Self.key(original.scheme.rawValue,
                                                                                   original.device), default: 1],
            count: count, unitWh: original.unitWh, issuedAt: time, issuer: original.issuer, origin: "correction")
        nextSerial[Self.key(original.scheme.rawValue, original.device)] = issue.firstSerial + count
        add(Entry(issue: issue, ranges: ownRanges(issue), meteredWh: 0, transfers: [], supplements: n))
        return [Self.issuanceEvent(issue, owner: original.device, correction: correction)]
    }

    private mutating func makeIssue(
        scheme: CertificateScheme, device: Generator, country: String, region: String, start: Timestamp,
        end: Timestamp, count: Int64, at time: Timestamp, issuer: String, origin: String
    ) -> CertificateIssue {
        let serialKey = Self.key(scheme.rawValue, device.id)
        let first = nextSerial[serialKey, default: 1]
        nextSerial[serialKey] = first + count
        return CertificateIssue(
            number: issues.count, scheme: scheme, parkId: parkId, device: device.id, technology: device.technology.rawValue,
            country: country, region: region, commissioned: device.commissioned, productionStart: start,
            productionEnd: end, firstSerial: first, count: count, unitWh: SchemeRules.rules(for: scheme).unitWh,
            issuedAt: time, issuer: issuer, origin: origin)
    }

    func ownRanges(_ issue: CertificateIssue, owner: String? = nil) -> [CertificateRange] {
        guard issue.count > 0 else { return [] }
        return [CertificateRange(issue: issue, firstSerial: issue.firstSerial, lastSerial: issue.lastSerial,
                                 owner: owner ?? issue.device, status: .active)]
    }

    mutating func add(_ entry: Entry) {
        restore(entry)
        changed.insert(entry.issue.number)
    }

    /// The ledger entry of an issuance, written in key order.
    static func issuanceEvent(_ issue: CertificateIssue, owner: String, correction: String? = nil) -> LedgerEvent {
        let storage = issue.storage
        var data = CanonicalObjectWriter()
        if let storage { data.string("charge_record", storage.chargeRecord) }
        data.string("commissioned", issue.commissioned.description)
        if let correction { data.string("correction", correction) }
        data.integer("count", issue.count)
        data.string("country", issue.country)
        data.string("device", issue.device)
        if let storage {
            data.string("discharge_record", storage.dischargeRecord)
            data.string("efficiency", storage.efficiency.description)
        }
        data.certificateId("first_id", prefix: issue.idPrefix, serial: issue.firstSerial)
        data.string("issuer", issue.issuer)
        data.certificateId("last_id", prefix: issue.idPrefix, serial: issue.lastSerial)
        data.string("origin", issue.origin)
        data.string("owner", owner)
        if let storage {
            data.string("produced_end", storage.producedEnd.iso8601)
            data.string("produced_start", storage.producedStart.iso8601)
        }
        data.string("production_end", issue.productionEnd.iso8601)
        data.string("production_start", issue.productionStart.iso8601)
        data.string("region", issue.region)
        data.string("scheme", issue.scheme.rawValue)
        if let storage { data.string("storage_device", storage.storageDevice) }
        data.string("technology", issue.technology)
        data.integer("unit_wh", issue.unitWh)
        data.integer("volume_wh", issue.count * issue.unitWh)
        return LedgerEvent(kind: .issuance, dataBytes: data.finish())
    }
}
