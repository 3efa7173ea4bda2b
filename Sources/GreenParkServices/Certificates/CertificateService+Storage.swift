import GreenParkCore

extension CertificateService {
    /// The period's storage records in the granular scheme (DOMAIN.md 4a): each charge record
    /// cancels the hour's certificates of the green Wh it charged (from what the generators'
    /// accounts hold after the members' transfers), then each discharge record re-issues the
    /// green part of what it drew, in the discharge hour, to the storage owner, and moves it
    /// to the members that took the discharge. Each generator's portion of a charge record and
    /// each draw of a discharge record changes certificates once (a run of the period again
    /// adds nothing); a draw on charge not certified yet, and a record of an hour the period
    /// holds only in part, wait for a later run. Hourly storage records need local clock hours
    /// that are UTC hours: a park whose offset has half hours is refused.
    ///
    /// `devices`: the generators whose production is certified in the granular scheme.
    func certifyStorage(_ allocation: AllocationService.Result, devices: Set<String>, at time: Timestamp,
                        into change: inout CertificateUpdate, result: inout Result) throws {
        guard let storage = allocation.summary.storage,
              !storage.chargeRecords.isEmpty || !storage.dischargeRecords.isEmpty else { return }
        let from = allocation.data.from
        guard context.local.hourOffset(at: from) == 0, context.local.hourOffset(at: allocation.data.to) == 0 else {
            throw ServiceError(
                "certificates.storage-half-hour",
                "storage records are kept per UTC hour, and granular certificates per local clock hour; in "
                    + "\(park.settings.timeZone) the two differ by a fraction of an hour, so storage charge and "
                    + "discharge cannot be certified hourly here (certify the generators in gec or irec instead)")
        }
        let generators = park.generators.map(\.id), members = park.members.map(\.id)
        var uncertified: Int64 = 0, withheld: Int64 = 0
        var changed: [String] = []
        // Records of an hour the period holds only in part (its end, or intervals left out for
        // gaps) wait for a run over the whole hour.
        let whole = Self.wholeHours(allocation.data)
        for record in storage.chargeRecords where whole.contains(record.hour.seconds) {
            let device = park.storage[record.device].id
            let done = change.registry.cancelForStorage(
                record, device: device, owner: park.storage[record.device].owner.accountName, generators: generators,
                certified: devices)
            result.storageCancelled += done.cancelled
            uncertified += done.uncertifiedWh
            let id = StorageRelease.recordId(charge: true, parkId: park.settings.id, device: device, hour: record.hour)
            changed += done.changed.map { "\(id) from \($0.generator) (\($0.before) Wh then, \($0.now) Wh now)" }
            try change.add(done.events)
        }
        for (k, record) in storage.dischargeRecords.enumerated() where record.releasedWh > 0 {
            guard whole.contains(record.hour.seconds) else { continue }
            let device = park.storage[record.device]
            let recipients = storage.dischargeRecipients[k]
            let done = try change.registry.releaseFromStorage(
                record, device: device.id, owner: device.owner.accountName, generators: generators,
                recipients: Array(zip(members, recipients)), gridWh: recipients[members.count], at: time,
                issuer: "GreenPark operator of \(park.settings.id)")
            result.storageReleased += done.released
            withheld += done.withheldWh
            try change.add(done.events)
        }
        if uncertified > 0 {
            result.notes.append(
                "storage: \(uncertified) Wh of green charge had no granular certificates of its hour to cancel "
                    + "(its generator not certified hourly, its hour not certified yet, or its certificates no "
                    + "longer with the generator); no certificates are released from storage for them")
        }
        if let first = changed.first {
            result.notes.append(
                "storage: \(Phrase.count(changed.count, "charge record portion")) certified before now charge other "
                    + "green Wh (readings corrected), e.g. \(first); the ledger keeps the records as certified: "
                    + "corrections of storage records are not made")
        }
        if withheld > 0 {
            result.notes.append(
                "storage: \(withheld) Wh of green discharge drew on charge whose certificates were not cancelled "
                    + "(its period not certified hourly yet, or certificates gone); no certificates were released "
                    + "for them (a run of the charge's period first, then of this one, releases what it can)")
        }
    }

    /// The UTC hours (start, in seconds) whose every interval is inside `data`'s period and
    /// allocated (none left out for a gap).
    static func wholeHours(_ data: PeriodData) -> Set<Int64> {
        let step = data.resolution.seconds, count = data.problem.intervalCount
        var covered: [Int64: Int64] = [:], broken: Set<Int64> = []
        for t in 0..<count {
            let hour = data.start(ofInterval: t).utcHourStart.seconds
            if data.problem.excluded[t] { broken.insert(hour) } else { covered[hour, default: 0] += step }
        }
        return Set(covered.filter { $0.value == 3600 && !broken.contains($0.key) }.keys)
    }
}
