extension CertificateRegistry {
    /// Whether the storage charge record `id` cancelled certificates already.
    public func isChargeRecorded(_ id: String) -> Bool { storageCharges.contains(id) }

    /// Certificates the storage charge record `id` cancelled, over `generators`.
    public func cancelled(chargeRecord id: String, generators: [String]) -> Int64 {
        generators.reduce(0) { $0 + storageCancelled[Self.key(id, $1), default: 0] }
    }

    /// Whether the storage discharge record `id` released certificates already.
    public func isDischargeRecorded(_ id: String) -> Bool { storageDischarges.contains(id) }

    /// Cancels the granular certificates of the green Wh a storage charge record charged
    /// (DOMAIN.md 4a): per generator of the record whose production is certified hourly
    /// (`certified`, by index in park order: `generators`), that many certificates of the
    /// generator's own hour, from what its account still holds (what the members did not
    /// take), linked to the record. Grid charge has none to cancel.
    ///
    /// Returns the certificates cancelled and the green Wh that had none to cancel (an hour not
    /// certified hourly, or fewer held): no certificate is ever released for those.
    public mutating func cancelForStorage(
        _ record: StorageChargeRecord, device: String, generators: [String], certified: Set<String>
    ) throws -> (cancelled: Int64, uncertifiedWh: Int64, events: [LedgerEvent]) {
        let id = StorageRelease.recordId(charge: true, parkId: parkId, device: device, hour: record.hour)
        guard !isChargeRecorded(id) else { throw CertificateError.storageRecorded(id) }
        var cancelled: Int64 = 0, uncertified: Int64 = 0
        var events: [LedgerEvent] = []
        for portion in record.portions {
            guard case .green(let j) = portion.origin else { continue }
            let generator = generators[j]
            guard certified.contains(generator), let n = issueNumber(.granular, device: generator, start: record.hour)
            else {
                uncertified += portion.wh
                continue
            }
            var remaining = portion.wh
            for f in family(n) where remaining > 0 {
                let take = min(remaining, held(f, by: generator))
                guard take > 0 else { continue }
                for (piece, splitFrom) in changeHeld(f, owner: generator, count: take, {
                    $0.status = .cancelled(storageRecord: id)
                }) {
                    events.append(Self.cancellationEvent(piece, record: id, storageDevice: device,
                                                         efficiency: record.efficiency, splitFrom: splitFrom))
                }
                remaining -= take
            }
            if portion.wh > remaining { noteCancelled(record: id, device: generator, count: portion.wh - remaining) }
            cancelled += portion.wh - remaining
            uncertified += remaining
        }
        return (cancelled, uncertified, events)
    }

    /// Re-issues the green part of a storage discharge record (DOMAIN.md 4a): per draw on green
    /// charge, a `storage` issuance in the discharge hour to the storage owner's account
    /// (`owner`), keeping the original generator, technology and production hour and adding
    /// the device and the efficiency, for the draw's released Wh (the queue applied the
    /// efficiency), never more than the certificates the charge record cancelled of that
    /// generator less what earlier discharges released from them: every released certificate
    /// is backed by one cancelled (none for charge of an hour not certified hourly). Then
    /// `recipients` (what each member took of the discharge, and last the grid) share the
    /// released certificates in proportion (largest remainder), each member's share moved
    /// from the owner's account; the grid's share stays with the owner.
    ///
    /// Returns the certificates released and the events.
    public mutating func releaseFromStorage(
        _ record: StorageDischargeRecord, device: String, owner: String, generators: [String],
        recipients: [(member: String, wh: Int64)], gridWh: Int64, at time: Timestamp, issuer: String
    ) throws -> (released: Int64, events: [LedgerEvent]) {
        let id = StorageRelease.recordId(charge: false, parkId: parkId, device: device, hour: record.hour)
        guard !isDischargeRecorded(id) else { throw CertificateError.storageRecorded(id) }
        var made: [Int] = []
        var events: [LedgerEvent] = []
        for draw in record.draws where draw.releasedWh > 0 {
            guard case .green(let j) = draw.origin else { continue }
            let generator = generators[j]
            let charge = StorageRelease.recordId(charge: true, parkId: parkId, device: device, hour: draw.chargeHour)
            let key = Self.key(charge, generator)
            let cancelled = storageCancelled[key, default: 0]
            let room = cancelled - storageReleased[key, default: 0]
            let count = min(draw.releasedWh, max(room, 0))
            guard count > 0, let n = issueNumber(.granular, device: generator, start: draw.chargeHour) else { continue }
            let original = issues[n].issue
            let serialKey = Self.key(CertificateScheme.granular.rawValue, generator)
            let first = nextSerial[serialKey, default: 1]
            guard !first.addingReportingOverflow(count).overflow else {
                throw CertificateError(code: "certificates.overflow", message: "device \(generator): serials exhausted")
            }
            nextSerial[serialKey] = first + count
            let issue = CertificateIssue(
                number: issues.count, scheme: .granular, parkId: parkId, device: generator,
                technology: original.technology, country: original.country, region: original.region,
                commissioned: original.commissioned, productionStart: record.hour,
                productionEnd: record.hour.adding(seconds: 3600), firstSerial: first, count: count,
                unitWh: original.unitWh, issuedAt: time, issuer: issuer, origin: "storage",
                storage: StorageRelease(storageDevice: device, efficiency: draw.efficiency,
                                        producedStart: original.productionStart, producedEnd: original.productionEnd,
                                        chargeRecord: charge, dischargeRecord: id))
            add(Entry(issue: issue, ranges: ownRanges(issue, owner: owner), meteredWh: 0, transfers: []))
            events.append(Self.issuanceEvent(issue, owner: owner))
            made.append(issue.number)
        }
        let released = made.reduce(Int64(0)) { $0 + issues[$1].issue.count }
        let shares = LargestRemainder.shares(of: released, weights: recipients.map(\.wh) + [gridWh])
        for (i, recipient) in recipients.enumerated() where recipient.member != owner {
            var remaining = shares[i]
            for n in made where remaining > 0 {
                let take = min(remaining, held(n, by: owner))
                guard take > 0 else { continue }
                for (moved, splitFrom) in changeHeld(n, owner: owner, count: take, { $0.owner = recipient.member }) {
                    events.append(Self.transferEvent(moved, from: owner, to: recipient.member, reason: "storage",
                                                     splitFrom: splitFrom))
                }
                remaining -= take
            }
        }
        return (released, events)
    }

    /// The ledger entry of certificates cancelled for a storage charge record.
    static func cancellationEvent(_ piece: CertificateRange, record: String, storageDevice: String,
                                  efficiency: Fixed6, splitFrom: (Int64, Int64)?) -> LedgerEvent {
        let prefix = piece.issue.idPrefix
        var data = CanonicalObjectWriter()
        data.integer("count", piece.count)
        data.string("efficiency", efficiency.description)
        data.certificateId("first_id", prefix: prefix, serial: piece.firstSerial)
        data.string("from", piece.owner)
        data.certificateId("last_id", prefix: prefix, serial: piece.lastSerial)
        data.string("scheme", piece.scheme.rawValue)
        if let (first, last) = splitFrom { data.idPair("split_from", prefix: prefix, first: first, last: last) }
        data.string("storage_device", storageDevice)
        data.string("storage_record", record)
        data.integer("volume_wh", piece.volumeWh)
        return LedgerEvent(kind: .cancellation, dataBytes: data.finish())
    }
}
