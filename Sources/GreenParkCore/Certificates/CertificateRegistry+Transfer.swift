extension CertificateRegistry {
    /// Moves certificates of `device` and the period starting at `start` from the device's
    /// account to `member` for `allocatedWh` allocated to it.
    ///
    /// Rule: whole certificates for MWh schemes; the member's fractional remainder carries
    /// forward per device and scheme (a negative carry, left by a correction, lowers the
    /// transfer). What is not allocated stays with the generator. Each member's transfer
    /// for an issuance happens once; a correction of the allocation adjusts it
    /// (``correct(_:)``).
    public mutating func transferAllocation(
        scheme: CertificateScheme, device: String, start: Timestamp, to member: String, allocatedWh: Int64,
        at time: Timestamp
    ) throws -> [LedgerEvent] {
        guard let n = issueNumber(scheme, device: device, start: start) else {
            throw CertificateError(
                code: "certificates.not-issued",
                message: "no \(scheme.rawValue) certificates of \(device) were issued for the period from \(start); "
                    + "issue them before transferring")
        }
        guard !issues[n].transferredTo.contains(member) else {
            throw CertificateError(
                code: "certificates.already-transferred",
                message: "the \(scheme.rawValue) certificates of \(device) for the period from \(start) "
                    + "were transferred to \(member) already")
        }
        guard allocatedWh >= 0 else {
            throw CertificateError(code: "certificates.negative-allocation",
                                   message: "\(member): allocation \(allocatedWh) Wh from \(device) is negative")
        }
        issues[n].transfers.append(TransferBasis(member: member, allocatedWh: allocatedWh))
        changed.insert(n)
        return give(n, to: member, addingWh: allocatedWh, reason: "allocation").events
    }

    /// Adds `wh` allocated from issuance `n`'s device to `member`'s transfer carry and
    /// moves the whole certificates it then makes, from the device's holdings of the
    /// issuance and its supplements (the rest of the carry waits).
    mutating func give(_ n: Int, to member: String, addingWh wh: Int64, reason: String,
                       correction: String? = nil) -> (count: Int64, events: [LedgerEvent]) {
        let issue = issues[n].issue
        let carryKey = Self.key(issue.scheme.rawValue, member, issue.device)
        let available = wh + transferCarry[carryKey, default: 0]
        let family = family(n)
        let held = family.reduce(Int64(0)) { $0 + self.held($1, by: issue.device) }
        let count = min(available > 0 ? available / issue.unitWh : 0, held)
        transferCarry[carryKey] = available - count * issue.unitWh
        var events: [LedgerEvent] = [], remaining = count
        for k in family where remaining > 0 {
            let take = min(remaining, self.held(k, by: issue.device))
            guard take > 0 else { continue }
            for (moved, splitFrom) in changeHeld(k, owner: issue.device, count: take, { $0.owner = member }) {
                events.append(Self.transferEvent(moved, from: issue.device, to: member, reason: reason,
                                                 splitFrom: splitFrom, correction: correction))
            }
            remaining -= take
        }
        return (count, events)
    }

    /// A manual transfer of the certificates `firstId...lastId` (one range or part of one,
    /// e.g. part of a granular bundle) from `owner` to `recipient`.
    ///
    /// Rule: only active certificates of their owner; a GEC is traded once (发改能源〔2023〕
    /// 1044号): it leaves its generator's account once, by allocation or by hand, and a
    /// member who received it can redeem it but not pass it on.
    public mutating func transfer(firstId: String, lastId: String, from owner: String, to recipient: String,
                                  at time: Timestamp) throws -> [LedgerEvent] {
        let (n, k, first, last) = try locate(firstId, lastId)
        let r = issues[n].ranges[k]
        guard r.owner == owner else { throw CertificateError.notOwner(firstId, r.owner, owner) }
        switch r.status {
        case .active: break
        case .redeemed(let statement): throw CertificateError.alreadyRedeemed(firstId, statement)
        case .withdrawn(let correction): throw CertificateError.withdrawn(firstId, correction)
        }
        guard recipient != owner else {
            throw CertificateError(code: "certificates.same-owner", message: "\(firstId) belongs to \(owner) already")
        }
        if r.scheme == .gec && r.owner != r.device {
            throw CertificateError(
                code: "certificates.gec-traded-once",
                message: "\(firstId) was traded already (from \(r.device) to \(r.owner)); a GEC is traded once: "
                    + "\(r.owner) can redeem it but not transfer it again")
        }
        let (moved, split) = cut(n, k, first, last) { $0.owner = recipient }
        return [Self.transferEvent(moved, from: owner, to: recipient, reason: "manual",
                                   splitFrom: split ? (r.firstSerial, r.lastSerial) : nil)]
    }

    /// The ledger entry of a transfer. When the certificates moved were part of a larger
    /// range, `split_from` names that range: the split is recorded in the same entry.
    static func transferEvent(_ moved: CertificateRange, from owner: String, to recipient: String, reason: String,
                              splitFrom: (Int64, Int64)?, correction: String? = nil) -> LedgerEvent {
        let prefix = moved.issue.idPrefix
        var data = CanonicalObjectWriter()
        if let correction { data.string("correction", correction) }
        data.integer("count", moved.count)
        data.certificateId("first_id", prefix: prefix, serial: moved.firstSerial)
        data.string("from", owner)
        data.certificateId("last_id", prefix: prefix, serial: moved.lastSerial)
        data.string("reason", reason)
        data.string("scheme", moved.scheme.rawValue)
        if let (first, last) = splitFrom { data.idPair("split_from", prefix: prefix, first: first, last: last) }
        data.string("to", recipient)
        data.integer("volume_wh", moved.volumeWh)
        return LedgerEvent(kind: .transfer, dataBytes: data.finish())
    }
}
