extension CertificateRegistry {
    /// Moves certificates of `device` and the period starting at `start` from the device's
    /// account to `member` for `allocatedWh` allocated to it.
    ///
    /// Rule: whole certificates for MWh schemes; the member's fractional remainder carries
    /// forward per device and scheme. What is not allocated stays with the generator. Each
    /// member's transfer for an issuance happens once.
    public mutating func transferAllocation(
        scheme: CertificateScheme, device: String, start: Timestamp, to member: String, allocatedWh: Int64, at time: Timestamp
    ) throws -> [LedgerEvent] {
        guard let n = issueNumber(scheme, device: device, start: start) else {
            throw CertificateError(code: "certificates.not-issued", message: "no \(scheme.rawValue) certificates of \(device) were issued for the period from \(start); issue them before transferring")
        }
        guard !issues[n].transferredTo.contains(member) else {
            throw CertificateError(code: "certificates.already-transferred", message: "the \(scheme.rawValue) certificates of \(device) for the period from \(start) were transferred to \(member) already")
        }
        issues[n].transferredTo.append(member)
        changed.insert(n)
        let unit = issues[n].issue.unitWh
        let carryKey = Self.key(scheme.rawValue, member, device)
        let available = allocatedWh + transferCarry[carryKey, default: 0]
        // Not more than the device still holds of that period (the rest of the carry waits).
        let held = issues[n].ranges.reduce(Int64(0)) { $0 + ($1.owner == device && $1.isActive ? $1.count : 0) }
        let count = min(available / unit, held)
        transferCarry[carryKey] = available - count * unit
        guard count > 0 else { return [] }
        var remaining = count
        var events: [LedgerEvent] = []
        var k = 0
        while remaining > 0 {
            let r = issues[n].ranges[k]
            guard r.owner == device, r.isActive else { k += 1; continue }
            let take = min(remaining, r.count)
            let (moved, split) = cut(n, k, r.firstSerial, r.firstSerial + take - 1) { $0.owner = member }
            events.append(Self.transferEvent(moved, from: device, to: member, reason: "allocation", splitFrom: split ? (r.firstSerial, r.lastSerial) : nil))
            remaining -= take
            k += 1
        }
        return events
    }

    /// A manual transfer of the certificates `firstId...lastId` (one range or part of one,
    /// e.g. part of a granular bundle) from `owner` to `recipient`.
    public mutating func transfer(firstId: String, lastId: String, from owner: String, to recipient: String, at time: Timestamp) throws -> [LedgerEvent] {
        let (n, k, first, last) = try locate(firstId, lastId)
        let r = issues[n].ranges[k]
        guard r.owner == owner else { throw CertificateError.notOwner(firstId, r.owner, owner) }
        if case .redeemed(let statement) = r.status { throw CertificateError.alreadyRedeemed(firstId, statement) }
        let (moved, split) = cut(n, k, first, last) { $0.owner = recipient }
        return [Self.transferEvent(moved, from: owner, to: recipient, reason: "manual", splitFrom: split ? (r.firstSerial, r.lastSerial) : nil)]
    }

    /// The ledger entry of a transfer. When the certificates moved were part of a larger
    /// range, `split_from` names that range: the split is recorded in the same entry.
    static func transferEvent(_ moved: CertificateRange, from owner: String, to recipient: String, reason: String, splitFrom: (Int64, Int64)?) -> LedgerEvent {
        let prefix = moved.issue.idPrefix
        var data = CanonicalObjectWriter()
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
