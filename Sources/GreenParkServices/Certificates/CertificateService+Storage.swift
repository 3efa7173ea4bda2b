import GreenParkCore

extension CertificateService {
    /// The period's storage records in the granular scheme (DOMAIN.md 4a): each charge record
    /// cancels the hour's certificates of the green Wh it charged (from what the generators'
    /// accounts hold after the members' transfers), then each discharge record re-issues the
    /// green part of what it drew, in the discharge hour, to the storage owner, and moves it
    /// to the members that took the discharge. A record that changed certificates before (an
    /// earlier run of the period) is not made again. Hourly storage records need local clock
    /// hours that are UTC hours: a park whose offset has half hours is refused.
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
        var uncertified: Int64 = 0, unreleased: Int64 = 0
        var changed: [String] = []
        for record in storage.chargeRecords where record.greenWh > 0 {
            let device = park.storage[record.device].id
            let id = StorageRelease.recordId(charge: true, parkId: park.settings.id, device: device, hour: record.hour)
            guard !change.registry.isChargeRecorded(id) else {
                let before = change.registry.cancelled(chargeRecord: id, generators: generators)
                let now = record.portions.reduce(Int64(0)) {
                    guard case .green(let j) = $1.origin, devices.contains(generators[j]) else { return $0 }
                    return $0 + $1.wh
                }
                if before != now { changed.append("\(id) (\(before) Wh then, \(now) Wh now)") }
                continue
            }
            let done = try change.registry.cancelForStorage(record, device: device, generators: generators,
                                                            certified: devices)
            result.storageCancelled += done.cancelled
            uncertified += done.uncertifiedWh
            try change.add(done.events)
        }
        for (k, record) in storage.dischargeRecords.enumerated() where record.releasedWh > 0 {
            let device = park.storage[record.device]
            let id = StorageRelease.recordId(charge: false, parkId: park.settings.id, device: device.id,
                                             hour: record.hour)
            guard !change.registry.isDischargeRecorded(id) else { continue }
            let recipients = storage.dischargeRecipients[k]
            let done = try change.registry.releaseFromStorage(
                record, device: device.id, owner: device.owner.accountName, generators: generators,
                recipients: Array(zip(members, recipients)), gridWh: recipients[members.count], at: time,
                issuer: "GreenPark operator of \(park.settings.id)")
            result.storageReleased += done.released
            unreleased += record.releasedWh - done.released
            try change.add(done.events)
        }
        if uncertified > 0 {
            result.notes.append(
                "storage: \(uncertified) Wh of green charge had no granular certificates of its hour to cancel "
                    + "(its generator not certified hourly, or its certificates no longer with the generator); "
                    + "nothing is released from storage for them")
        }
        if let first = changed.first {
            result.notes.append(
                "storage: \(Phrase.count(changed.count, "charge record")) certified before now charge other green Wh "
                    + "(readings corrected), e.g. \(first); the ledger keeps the records as certified: corrections "
                    + "of storage records are not made")
        }
        if unreleased > 0 {
            result.notes.append(
                "storage: \(unreleased) Wh of green discharge drew on charge whose certificates were not cancelled "
                    + "(charged in a period not certified hourly); no certificates were released for them")
        }
    }
}
