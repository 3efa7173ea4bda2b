extension CertificateRegistry {
    /// Whether storage charge record `id` was certified (its efficiency is fixed).
    public func isChargeRecorded(_ id: String) -> Bool { storageEfficiency[id] != nil }

    /// The efficiency charge record `id` was certified with, never changed after (nil before).
    public func recordedEfficiency(_ id: String) -> Fixed6? { storageEfficiency[id].map { Fixed6(millionths: $0) } }

    /// Every certified charge record's efficiency, by record id.
    public var recordedEfficiencies: [String: Fixed6] { storageEfficiency.mapValues { Fixed6(millionths: $0) } }

    /// What certifying one storage charge record did.
    public struct ChargeOutcome: Sendable {
        public var cancelled: Int64 = 0
        /// Green Wh with no certificate of their hour to cancel (never released later).
        public var uncertifiedWh: Int64 = 0
        /// Portions certified before whose green Wh are now different: (generator, then, now).
        public var changed: [(generator: String, before: Int64, now: Int64)] = []
        public var events: [LedgerEvent] = []
    }

    /// Cancels the granular certificates of the green Wh a storage charge record charged
    /// (DOMAIN.md 4a): per generator of the record whose production is certified hourly
    /// (`certified`) and whose hour is issued, that many certificates of the generator's own
    /// hour, from what its account still holds (what the members did not take), linked to the
    /// record; the Wh charged and the record's efficiency are kept with it and never change.
    /// A generator's portion is recorded once; a portion whose hour is not issued yet is left
    /// for a later run. Grid charge has none to cancel.
    /// `owner`: the storage owner's account, named on the ledger entries (whose party they are).
    public mutating func cancelForStorage(_ record: StorageChargeRecord, device: String, owner: String,
                                          generators: [String], certified: Set<String>) -> ChargeOutcome {
        let id = StorageRelease.recordId(charge: true, parkId: parkId, device: device, hour: record.hour)
        var outcome = ChargeOutcome()
        // Every record of a certified period keeps its efficiency, grid-only ones too: the queue
        // is rebuilt with it, so a later change of the device's efficiency moves no draw.
        if storageEfficiency[id] == nil { storageEfficiency[id] = record.efficiency.millionths }
        for portion in record.portions {
            guard case .green(let j) = portion.origin else { continue }
            let generator = generators[j], key = Self.key(id, generator)
            if let before = storageChargedWh[key] ?? storageCancelled[key] {
                if before != portion.wh { outcome.changed.append((generator, before, portion.wh)) }
                continue
            }
            guard certified.contains(generator), let n = issueNumber(.granular, device: generator, start: record.hour)
            else {
                outcome.uncertifiedWh += portion.wh
                continue
            }
            let efficiency = storageEfficiency[id] ?? record.efficiency.millionths
            storageChargedWh[key] = portion.wh
            var remaining = portion.wh
            for f in family(n) where remaining > 0 {
                let take = min(remaining, held(f, by: generator))
                guard take > 0 else { continue }
                for (piece, splitFrom) in changeHeld(f, owner: generator, count: take, {
                    $0.status = .cancelled(storageRecord: id)
                }) {
                    outcome.events.append(Self.cancellationEvent(
                        piece, record: id, storageDevice: device, owner: owner,
                        efficiency: Fixed6(millionths: efficiency), splitFrom: splitFrom))
                }
                remaining -= take
            }
            if portion.wh > remaining { noteCancelled(record: id, device: generator, count: portion.wh - remaining) }
            outcome.cancelled += portion.wh - remaining
            outcome.uncertifiedWh += remaining
        }
        return outcome
    }

    /// Re-issues the green part of a storage discharge record (DOMAIN.md 4a): per draw on green
    /// charge not released before, a `storage` issuance in the discharge hour to the storage
    /// owner's account (`owner`), keeping the original generator, technology and production
    /// hour and adding the device and the efficiency the charge record was certified with.
    ///
    /// Rule: the draw's released Wh when its charge record cancelled all the green Wh it
    /// recorded of that generator; when it cancelled only part (the generator's certificates
    /// were gone), that share of them, rounded down; and never more, over all its draws, than
    /// the record's cancelled certificates times its efficiency, rounded down: losses and
    /// uncertified charge never get a certificate, whatever corrections later move the draws. A draw on charge not
    /// recorded yet (its period not certified hourly yet) waits for a later run. Then
    /// `recipients` (what each member took of the discharge, and last the grid) share the
    /// released certificates in proportion (largest remainder), each member's share moved
    /// from the owner's account; the grid's share stays with the owner.
    ///
    /// Returns the certificates released, the green Wh of new draws that got none, and the events.
    public mutating func releaseFromStorage(
        _ record: StorageDischargeRecord, device: String, owner: String, generators: [String],
        recipients: [(member: String, wh: Int64)], gridWh: Int64, at time: Timestamp, issuer: String
    ) throws -> (released: Int64, withheldWh: Int64, events: [LedgerEvent]) {
        let id = StorageRelease.recordId(charge: false, parkId: parkId, device: device, hour: record.hour)
        var made: [Int] = []
        var events: [LedgerEvent] = []
        var withheld: Int64 = 0
        for draw in record.draws where draw.releasedWh > 0 {
            guard case .green(let j) = draw.origin else { continue }
            let generator = generators[j]
            let charge = StorageRelease.recordId(charge: true, parkId: parkId, device: device, hour: draw.chargeHour)
            let key = Self.key(charge, generator)
            guard !storageDraws.contains(Self.key(id, charge, generator)) else { continue }
            guard let charged = storageChargedWh[key], let efficiency = storageEfficiency[charge],
                  let n = issueNumber(.granular, device: generator, start: draw.chargeHour) else {
                withheld += draw.releasedWh
                continue
            }
            let cancelled = min(storageCancelled[key, default: 0], charged)
            let share = charged > 0 ? Int64(Int128(draw.releasedWh) * Int128(cancelled) / Int128(charged)) : 0
            // What the record's cancelled certificates give out at its efficiency, less what is out.
            let output = Int64(Int128(cancelled) * Int128(efficiency) / Int128(Fixed6.scale))
            let count = max(0, min(share, output - storageReleased[key, default: 0]))
            withheld += draw.releasedWh - count
            guard count > 0 else { continue }
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
                storage: StorageRelease(storageDevice: device, efficiency: Fixed6(millionths: efficiency),
                                        producedStart: original.productionStart, producedEnd: original.productionEnd,
                                        chargeRecord: charge, dischargeRecord: id))
            add(Entry(issue: issue, ranges: ownRanges(issue, owner: owner), meteredWh: 0, transfers: []))
            events.append(Self.issuanceEvent(issue, owner: owner))
            made.append(issue.number)
        }
        let released = made.reduce(Int64(0)) { $0 + issues[$1].issue.count }
        let shares = LargestRemainder.shares(of: released, weights: recipients.map(\.wh) + [gridWh])
        // What the owner holds of each new issuance (all of it), and a cursor each: no range is searched twice.
        var holdings = made.map { held($0, by: owner) }, cursors = made.map { _ in 0 }
        for (i, recipient) in recipients.enumerated() where recipient.member != owner {
            var remaining = shares[i]
            for (x, n) in made.enumerated() where remaining > 0 {
                let take = min(remaining, holdings[x])
                guard take > 0 else { continue }
                for (moved, splitFrom) in changeHeld(n, owner: owner, count: take, cursor: &cursors[x], {
                    $0.owner = recipient.member
                }) {
                    events.append(Self.transferEvent(moved, from: owner, to: recipient.member, reason: "storage",
                                                     splitFrom: splitFrom))
                }
                holdings[x] -= take
                remaining -= take
            }
        }
        return (released, withheld, events)
    }

    /// The ledger entry of certificates cancelled for a storage charge record.
    static func cancellationEvent(_ piece: CertificateRange, record: String, storageDevice: String, owner: String,
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
        data.string("storage_owner", owner)
        data.string("storage_record", record)
        data.integer("volume_wh", piece.volumeWh)
        return LedgerEvent(kind: .cancellation, dataBytes: data.finish())
    }
}
