extension CertificateRegistry {
    /// The metered figures of an issued production period as they are now.
    public struct PeriodFigures: Sendable, Equatable {
        public var meteredWh: Int64
        /// Wh allocated from the device in the period, per member that received a transfer.
        public var allocatedWh: [String: Int64]
        /// Imports whose revisions touched the period's readings.
        public var revisions: [Int64]

        public init(meteredWh: Int64, allocatedWh: [String: Int64], revisions: [Int64] = []) {
            self.meteredWh = meteredWh
            self.allocatedWh = allocatedWh
            self.revisions = revisions
        }
    }

    /// Brings issuance `n` in line with its period's metered generation and allocation as
    /// they are now (readings corrected after issuance). Returns `nil` when nothing changed.
    ///
    /// Rule (DOMAIN.md 4: certificates only from metered generation; transfers follow the
    /// allocation): the issuance carry and each member's transfer carry take the change in
    /// Wh. A member whose carry turns negative gives active certificates of the period
    /// back to the device; one whose carry reaches a certificate receives it. A device whose
    /// carry reaches a certificate gets a supplementary issuance for the period; one whose
    /// carry turns negative has the period's certificates withdrawn from its own account
    /// (with those members gave back). What cannot be withdrawn because it
    /// was redeemed stays as a negative issuance carry, a debit that the device's next
    /// issuances pay off, and the statements that redeemed certificates of the period are
    /// flagged; a member's carry never stays negative (its excess is in the flagged statement). Figures recorded before
    /// GreenPark kept them are taken as they are now, without a correction.
    public mutating func correct(_ n: Int, to figures: PeriodFigures, at time: Timestamp)
        -> (CertificateCorrection?, [LedgerEvent]) {
        let entry = issues[n], issue = entry.issue, unit = issue.unitWh
        var allocations: [CertificateCorrection.Allocation] = []
        for (k, basis) in entry.transfers.enumerated() {
            let after = figures.allocatedWh[basis.member] ?? 0
            guard let before = basis.allocatedWh else {
                issues[n].transfers[k].allocatedWh = after
                changed.insert(n)
                continue
            }
            if before != after {
                allocations.append(.init(member: basis.member, beforeWh: before, afterWh: after))
            }
        }
        guard let meteredBefore = entry.meteredWh else {
            issues[n].meteredWh = figures.meteredWh
            changed.insert(n)
            return (nil, [])
        }
        guard meteredBefore != figures.meteredWh || !allocations.isEmpty else { return (nil, []) }
        correctionCount += 1
        var record = CertificateCorrection(
            id: "C-\(parkId)-\(correctionCount)", scheme: issue.scheme, device: issue.device,
            productionStart: issue.productionStart, productionEnd: issue.productionEnd, meteredBeforeWh: meteredBefore,
            meteredAfterWh: figures.meteredWh, allocations: allocations, revisions: figures.revisions, at: time)
        var events: [LedgerEvent] = []
        // The device's side first: more generation means more certificates at the device.
        issues[n].meteredWh = figures.meteredWh
        changed.insert(n)
        let carryKey = Self.key(issue.scheme.rawValue, issue.device)
        var carry = issuanceCarry[carryKey, default: 0] + (figures.meteredWh - meteredBefore)
        if carry >= unit {
            record.issued = carry / unit
            carry -= record.issued * unit
            events += supplement(n, count: record.issued, at: time, correction: record.id)
        }
        var flagged: Set<String> = []
        // Members whose allocation went down give back first, then those whose went up receive
        // (together, so that a shortfall is shared in proportion).
        var raises: [(member: String, wh: Int64)] = []
        for change in allocations.sorted(by: { $0.member < $1.member }) {
            setBasis(n, member: change.member, allocatedWh: change.afterWh)
            let delta = change.afterWh - change.beforeWh
            if delta > 0 { raises.append((change.member, delta)); continue }
            let (back, moved, left) = takeBack(n, from: change.member, wh: -delta, correction: record.id)
            record.returned += back
            events += moved
            if left { flagged.formUnion(redeemedStatements(n, owner: change.member)) }
        }
        if !raises.isEmpty {
            let (count, moved) = give(n, raises, reason: "correction", correction: record.id)
            record.given += count
            events += moved
        }
        if carry < 0 {
            let need = (-carry + unit - 1) / unit
            var left = need
            // Only the period's own certificates (and its supplements): other periods keep theirs; what
            // is left becomes a debit on the device's next issuance.
            for k in family(n).reversed() where left > 0 {
                let take = min(left, held(k, by: issue.device))
                guard take > 0 else { continue }
                for (piece, splitFrom) in changeHeld(k, owner: issue.device, count: take, {
                    $0.status = .withdrawn(correction: record.id)
                }) {
                    events.append(Self.withdrawalEvent(piece, correction: record.id, splitFrom: splitFrom))
                }
                left -= take
            }
            record.withdrawn = need - left
            carry += record.withdrawn * unit
            if carry < 0 { flagged.formUnion(redeemedStatements(n, owner: nil)) }
        }
        issuanceCarry[carryKey] = carry
        record.debitWh = max(0, -carry)
        record.flaggedStatements = flagged.sorted()
        events.insert(Self.correctionEvent(record), at: 0)
        return (record, events)
    }

    /// Records the figures issuance `n` counted when it was made, where an earlier GreenPark
    /// did not keep them (figures already recorded are left as they are).
    public mutating func restoreBaseline(_ n: Int, _ figures: PeriodFigures) {
        if issues[n].meteredWh == nil {
            issues[n].meteredWh = figures.meteredWh
            changed.insert(n)
        }
        for (k, basis) in issues[n].transfers.enumerated() where basis.allocatedWh == nil {
            issues[n].transfers[k].allocatedWh = figures.allocatedWh[basis.member] ?? 0
            changed.insert(n)
        }
    }

    /// Whether issuance `n` lacks figures an earlier GreenPark did not keep.
    public func lacksBaseline(_ n: Int) -> Bool {
        issues[n].supplements == nil && (issues[n].meteredWh == nil || issues[n].transfers.contains { $0.allocatedWh == nil })
    }

    private mutating func setBasis(_ n: Int, member: String, allocatedWh: Int64) {
        if let k = issues[n].transfers.firstIndex(where: { $0.member == member }) {
            issues[n].transfers[k].allocatedWh = allocatedWh
            changed.insert(n)
        }
    }

    /// Takes `wh` off `member`'s transfer carry for issuance `n`'s device and moves active
    /// certificates of the period back to the device until the carry is not negative.
    /// Returns the certificates moved, their events, and whether a negative carry is left.
    private mutating func takeBack(_ n: Int, from member: String, wh: Int64, correction: String)
        -> (Int64, [LedgerEvent], left: Bool) {
        let issue = issues[n].issue, unit = issue.unitWh
        let carryKey = Self.key(issue.scheme.rawValue, member, issue.device)
        var carry = transferCarry[carryKey, default: 0] - wh
        var events: [LedgerEvent] = [], moved: Int64 = 0
        for k in family(n).reversed() where carry < 0 {
            let take = min((-carry + unit - 1) / unit, held(k, by: member))
            guard take > 0 else { continue }
            for (piece, splitFrom) in changeHeld(k, owner: member, count: take, { $0.owner = issue.device }) {
                events.append(Self.transferEvent(piece, from: member, to: issue.device, reason: "correction",
                                                 splitFrom: splitFrom, correction: correction))
            }
            moved += take
            carry += take * unit
        }
        // What the member redeemed beyond its corrected allocation is not charged to its later
        // transfers: the device's next issuance is debited instead, and the statement flagged.
        transferCarry[carryKey] = max(0, carry)
        return (moved, events, carry < 0)
    }

    /// Statements that redeemed certificates of issuance `n` (or its supplements), of
    /// `owner` when given.
    private func redeemedStatements(_ n: Int, owner: String?) -> Set<String> {
        var ids: Set<String> = []
        for k in family(n) {
            for r in issues[k].ranges where owner == nil || r.owner == owner {
                if case .redeemed(let statement) = r.status { ids.insert(statement) }
            }
        }
        return ids
    }

    /// The ledger entry that records a correction (before the entries it causes). Park-level
    /// facts only: each member's changed allocation shows in its own transfer entries, so an
    /// evidence pack can carry the entry without revealing other members' data.
    static func correctionEvent(_ c: CertificateCorrection) -> LedgerEvent {
        LedgerEvent(kind: .correction, data: [
            "correction": .string(c.id), "scheme": .string(c.scheme.rawValue), "device": .string(c.device),
            "production_start": .string(c.productionStart.iso8601), "production_end": .string(c.productionEnd.iso8601),
            "metered_before_wh": .integer(c.meteredBeforeWh), "metered_after_wh": .integer(c.meteredAfterWh),
            "revisions": .array(c.revisions.map { .integer($0) }), "issued": .integer(c.issued),
            "withdrawn": .integer(c.withdrawn), "returned": .integer(c.returned), "given": .integer(c.given),
            "debit_wh": .integer(c.debitWh), "statements_flagged": .array(c.flaggedStatements.map { .string($0) }),
        ])
    }

    /// The ledger entry of a withdrawal: the certificates are cancelled for good.
    static func withdrawalEvent(_ piece: CertificateRange, correction: String, splitFrom: (Int64, Int64)?) -> LedgerEvent {
        var data = CanonicalObjectWriter()
        data.string("correction", correction)
        data.integer("count", piece.count)
        data.certificateId("first_id", prefix: piece.issue.idPrefix, serial: piece.firstSerial)
        data.string("from", piece.owner)
        data.certificateId("last_id", prefix: piece.issue.idPrefix, serial: piece.lastSerial)
        data.string("scheme", piece.scheme.rawValue)
        if let (first, last) = splitFrom { data.idPair("split_from", prefix: piece.issue.idPrefix, first: first, last: last) }
        data.integer("volume_wh", piece.volumeWh)
        return LedgerEvent(kind: .withdrawal, dataBytes: data.finish())
    }
}
