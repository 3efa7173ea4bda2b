extension Hydrogen45V {
    /// Green energy a hydrogen producer received from the park's storage, per hour of the
    /// check, sorted by what the three pillars make of it (DOMAIN.md 4a and 5).
    ///
    /// Rule (45V final rules on stored electricity, with DOMAIN.md 4a's records): energy
    /// discharged from storage counts in its **discharge hour** (where the released
    /// certificates are), only its certified green part (grid charge and losses get none),
    /// and only where the **original generator** qualifies (incremental and deliverable) and
    /// the device is deliverable too (it sits in the park, so in the park's region). Its
    /// charge was metered in the hour its certificates were produced, so charging is
    /// hourly matched by construction; on the annual basis (before 2030) the production
    /// hour must also fall in the same calendar year as the discharge.
    ///
    /// Which certificates the producer gets follows the registry (``CertificateRegistry``'s
    /// storage release): a record's releases, oldest draw first, are shared among whoever took
    /// the discharge (largest remainder); each member other than the device's owner, in park
    /// order, takes its share from the front of what is left; the owner keeps the rest (its own
    /// share and the grid's). Where the registry releases less than the accounting (charge not
    /// certified, an hour held in part or with gaps, a generator not certified in `granular`),
    /// this check counts the accounting's figure.
    ///
    /// Example: a record releases 900,000 Wh of wind, then 300,000 Wh of solar; the producer
    /// (first in park order) took 600,000 of its 1,200,000 Wh of discharge, another member the
    /// rest; the park owns the device. The producer takes 600,000 Wh from the front: all wind.
    struct StorageGreen: Equatable {
        /// Per hour of the check: qualifying green Wh from storage.
        var qualifying: [Int64]
        /// Green Wh from storage in all.
        var total: Int64 = 0
        /// Of `total`: charged from generators that are not incremental.
        var notIncremental: Int64 = 0
        /// Of `total`: charged from generators outside the facility's region, or released by
        /// a device outside it.
        var elsewhere: Int64 = 0
        /// Of `total`: produced in another calendar year than discharged (annual basis only).
        var otherYear: Int64 = 0
    }

    /// Sorts member `i`'s green energy from `period`'s discharge records into the categories
    /// of ``StorageGreen``, for `hours` hours from `start`. `year` gives an instant's local
    /// calendar year.
    static func storageGreen(_ period: StoragePeriod, park: Park, member i: Int, start: Timestamp, hours: Int,
                             incremental: [Bool], deliverable: [Bool], deviceDeliverable: Bool, annual: Bool,
                             year: (Timestamp) -> Int) -> StorageGreen {
        var result = StorageGreen(qualifying: Array(repeating: 0, count: hours))
        let member = park.members[i].id, ids = park.members.map(\.id)
        for (r, record) in period.dischargeRecords.enumerated() {
            let recipients = period.dischargeRecipients[r]
            let owner = park.storage[record.device].owner.accountName
            guard record.releasedWh > 0, recipients[i] > 0 || owner == member else { continue }
            let h = Int((record.hour.seconds - start.seconds) / 3600)
            guard record.hour.seconds >= start.seconds, h < hours else { continue }
            // The producer's slice of the record's releases, in draw order.
            let shares = LargestRemainder.shares(of: record.releasedWh, weights: recipients)
            var before: Int64 = 0
            for (k, id) in ids.enumerated() where k < i && id != owner { before += shares[k] }
            let given = ids.indices.reduce(Int64(0)) { $0 + (ids[$1] != owner ? shares[$1] : 0) }
            let slice = owner == member ? given..<record.releasedWh : before..<(before + shares[i])
            let dischargeYear = year(record.hour)
            var offset: Int64 = 0
            for draw in record.draws where draw.releasedWh > 0 {
                defer { offset += draw.releasedWh }
                let wh = max(0, min(slice.upperBound, offset + draw.releasedWh) - max(slice.lowerBound, offset))
                guard wh > 0, case .green(let j) = draw.origin else { continue }
                result.total += wh
                if !incremental[j] { result.notIncremental += wh }
                if !deliverable[j] || !deviceDeliverable { result.elsewhere += wh }
                let sameYear = !annual || year(draw.chargeHour) == dischargeYear
                if !sameYear { result.otherYear += wh }
                if incremental[j], deliverable[j], deviceDeliverable, sameYear { result.qualifying[h] += wh }
            }
        }
        return result
    }
}
