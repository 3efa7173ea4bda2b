extension CertificateRegistry {
    /// Moves certificates of `device` and the period starting at `start` from the device's
    /// account to `member` for `allocatedWh` allocated to it (one member of
    /// ``transferAllocations(scheme:device:start:allocations:at:)``).
    public mutating func transferAllocation(
        scheme: CertificateScheme, device: String, start: Timestamp, to member: String, allocatedWh: Int64,
        at time: Timestamp
    ) throws -> [LedgerEvent] {
        try transferAllocations(scheme: scheme, device: device, start: start, allocations: [(member, allocatedWh)], at: time)
    }

    /// Moves certificates of `device` and the period starting at `start` from the device's
    /// account to each member for the Wh allocated to it.
    ///
    /// Rule: whole certificates for MWh schemes; each member's fractional remainder carries
    /// forward per device and scheme. What is not allocated stays with the generator. When
    /// the device holds fewer certificates than the members' allocations make (its issuance
    /// paid off a debit left by a correction), they are shared in proportion to what each
    /// would have received (largest remainder), and what each lacks stays in its carry:
    /// never first come, first served. Each member's transfer for an issuance happens once;
    /// a correction of the allocation adjusts it (``correct(_:to:at:)``).
    public mutating func transferAllocations(
        scheme: CertificateScheme, device: String, start: Timestamp, allocations: [(member: String, wh: Int64)],
        at time: Timestamp
    ) throws -> [LedgerEvent] {
        guard let n = issueNumber(scheme, device: device, start: start) else {
            throw CertificateError(
                code: "certificates.not-issued",
                message: "no \(scheme.rawValue) certificates of \(device) were issued for the period from \(start); "
                    + "issue them before transferring")
        }
        for (member, wh) in allocations {
            guard !issues[n].transferredTo.contains(member) else {
                throw CertificateError(
                    code: "certificates.already-transferred",
                    message: "the \(scheme.rawValue) certificates of \(device) for the period from \(start) "
                        + "were transferred to \(member) already")
            }
            guard wh >= 0 else {
                throw CertificateError(code: "certificates.negative-allocation",
                                       message: "\(member): allocation \(wh) Wh from \(device) is negative")
            }
        }
        for (member, wh) in allocations { issues[n].transfers.append(TransferBasis(member: member, allocatedWh: wh)) }
        changed.insert(n)
        return give(n, allocations, reason: "allocation").events
    }

    /// Adds each member's Wh allocated from issuance `n`'s device to its transfer carry and
    /// moves the whole certificates the carries then make, from the device's holdings of the
    /// issuance and its supplements; a shortfall is shared in proportion (largest
    /// remainder) and the rest of each carry waits.
    mutating func give(_ n: Int, _ additions: [(member: String, wh: Int64)], reason: String,
                       correction: String? = nil) -> (count: Int64, events: [LedgerEvent]) {
        let issue = issues[n].issue, unit = issue.unitWh
        let family = family(n)
        // What the device holds of each issuance of the family, and where its ranges start (a
        // cursor each: what was given is never searched again).
        var holdings = family.map { self.held($0, by: issue.device) }, cursors = family.map { _ in 0 }
        var held = holdings.reduce(0, +)
        let keys = additions.map { Self.key(issue.scheme.rawValue, $0.member, issue.device) }
        let available = additions.indices.map { additions[$0].wh + transferCarry[keys[$0], default: 0] }
        var counts = available.map { $0 > 0 ? $0 / unit : 0 }
        if counts.reduce(0, +) > held { counts = LargestRemainder.shares(of: held, weights: counts) }
        var events: [LedgerEvent] = []
        for (k, addition) in additions.enumerated() {
            transferCarry[keys[k]] = available[k] - counts[k] * unit
            var remaining = counts[k]
            for (x, f) in family.enumerated() where remaining > 0 {
                let take = min(remaining, holdings[x])
                guard take > 0 else { continue }
                for (moved, splitFrom) in changeHeld(f, owner: issue.device, count: take, cursor: &cursors[x], {
                    $0.owner = addition.member
                }) {
                    events.append(Self.transferEvent(moved, from: issue.device, to: addition.member, reason: reason,
                                                     splitFrom: splitFrom, correction: correction))
                }
                holdings[x] -= take
                remaining -= take
            }
            held -= counts[k]
        }
        return (counts.reduce(0, +), events)
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
        case .cancelled(let record): throw CertificateError.cancelled(firstId, record)
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
