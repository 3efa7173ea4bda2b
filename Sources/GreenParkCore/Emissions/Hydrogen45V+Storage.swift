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
    /// A discharge record's released Wh go to whoever took the discharge in proportion
    /// (largest remainder, as ``StorageAccounting`` shares them); each category below is
    /// shared the same way.
    ///
    /// Example: a record releases 900,000 Wh of wind and 300,000 Wh of solar; the producer
    /// took 600,000 of its 1,200,000 Wh of discharge, the rest went to another member.
    /// Wind qualifies, solar is too old: the producer gets 450,000 qualifying Wh in the
    /// discharge hour and 150,000 Wh that fail incrementality.
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
    static func storageGreen(_ period: StoragePeriod, member i: Int, start: Timestamp, hours: Int,
                             incremental: [Bool], deliverable: [Bool], deviceDeliverable: Bool, annual: Bool,
                             year: (Timestamp) -> Int) -> StorageGreen {
        var result = StorageGreen(qualifying: Array(repeating: 0, count: hours))
        for (r, record) in period.dischargeRecords.enumerated() {
            let recipients = period.dischargeRecipients[r]
            guard record.releasedWh > 0, recipients[i] > 0 else { continue }
            let h = Int((record.hour.seconds - start.seconds) / 3600)
            guard record.hour.seconds >= start.seconds, h < hours else { continue }
            var qualifying: Int64 = 0, notIncremental: Int64 = 0, elsewhere: Int64 = 0, otherYear: Int64 = 0
            let dischargeYear = year(record.hour)
            for draw in record.draws where draw.releasedWh > 0 {
                guard case .green(let j) = draw.origin else { continue }
                if !incremental[j] { notIncremental += draw.releasedWh }
                if !deliverable[j] || !deviceDeliverable { elsewhere += draw.releasedWh }
                let sameYear = !annual || year(draw.chargeHour) == dischargeYear
                if !sameYear { otherYear += draw.releasedWh }
                if incremental[j], deliverable[j], deviceDeliverable, sameYear { qualifying += draw.releasedWh }
            }
            func share(_ amount: Int64) -> Int64 {
                amount == 0 ? 0 : LargestRemainder.shares(of: amount, weights: recipients)[i]
            }
            result.qualifying[h] += share(qualifying)
            result.total += share(record.releasedWh)
            result.notIncremental += share(notIncremental)
            result.elsewhere += share(elsewhere)
            result.otherYear += share(otherYear)
        }
        return result
    }
}
