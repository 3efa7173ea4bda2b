import GreenParkCore

/// The `storage:` devices' fields together: ids distinct from every member, generator and
/// other device; the owner `park` or a member; the state-of-charge limits in order; two
/// different meters; the efficiency measured over a period of at most six months; the
/// devices `settlement.storage_prices` names.
extension ParkFileValidator {
    func checkStorage(_ draft: ParkDraft) {
        var taken: [String: (String, Located<String>)] = [:]
        for member in draft.members { if let id = member.id { taken[id.value] = ("a member", id) } }
        for generator in draft.generators { if let id = generator.id { taken[id.value] = ("a generator", id) } }
        let members = Set(draft.members.compactMap { $0.id?.value })
        checkFlexibleLoads(draft, taken: &taken, members: members)
        for device in draft.storage {
            if let id = device.id {
                if let (what, first) = taken[id.value] {
                    diagnostics.error(.duplicateID, at: id.location, id.path,
                                      "storage id \"\(id.value)\" is already the id of \(what) (\(place(first))); "
                                          + "give each device its own id")
                } else {
                    taken[id.value] = ("a storage device", id)
                }
            }
            if let owner = device.owner, owner.value != "park", !members.contains(owner.value),
               draft.memberIDsComplete {
                diagnostics.error(.unknownReference, at: owner.location, owner.path,
                                  "\(device.displayName) is owned by \"\(owner.value)\", which is not a member; "
                                      + "write \"park\" or a member's id"
                                      + NameSuggestion.hint(for: owner.value, among: members.sorted()))
            }
            if let low = device.minimumSoC, let high = device.maximumSoC, low.value >= high.value {
                diagnostics.error(.outOfRange, at: high.location, high.path,
                                  "max_soc \(high.value) must be above min_soc \(low.value)")
            }
            if let charge = device.chargeMeter, let discharge = device.dischargeMeter, charge.value == discharge.value {
                diagnostics.error(.duplicateID, at: discharge.location, discharge.path,
                                  "charge and discharge are metered separately (DOMAIN.md 4a): discharge_meter must "
                                      + "not be the charge_meter \"\(charge.value)\"")
            }
            if let from = device.efficiencyFrom, let to = device.efficiencyTo {
                let days = Timestamp(to.value).seconds / 86_400 - Timestamp(from.value).seconds / 86_400 + 1
                if days < 1 {
                    diagnostics.error(.outOfRange, at: to.location, to.path,
                                      "efficiency_to \(to.value) is before efficiency_from \(from.value)")
                } else if days > StorageDevice.longestEfficiencyPeriodDays {
                    diagnostics.error(.outOfRange, at: to.location, to.path,
                                      "the efficiency must be measured over at most six months "
                                          + "(\(StorageDevice.longestEfficiencyPeriodDays) days); "
                                          + "\(from.value) to \(to.value) is \(days) days")
                }
            }
        }
    }

    /// `settlement.storage_prices`: each names a device of `storage:` (when every device has an
    /// id); a device without one needs a generator with a flat PPA price to be priced by.
    func checkStoragePrices(_ draft: ParkDraft) {
        guard draft.storage.allSatisfy({ $0.id != nil }) else { return }
        let devices = draft.storage.compactMap { $0.id?.value }
        let shaped = Set(draft.settlement?.ppaByPeriod.keys.map { $0 } ?? [])
        let generators = draft.generators.compactMap { $0.id?.value }
        if let settlement = draft.settlement, draft.generatorIDsComplete, !generators.isEmpty,
           generators.allSatisfy(shaped.contains) {
            for device in draft.storage where settlement.storagePrices[device.id!.value] == nil {
                diagnostics.error(.missingField, at: device.id!.location, device.id!.path,
                                  "storage device \(device.id!.value) has no settlement.storage_prices entry, and "
                                      + "every generator's PPA is time-of-use shaped (no flat price to average); "
                                      + "give it a price")
            }
        }
        for device in draft.storagePriceDevices where !devices.contains(device.value) {
            diagnostics.error(.unknownReference, at: device.location, device.path,
                              "\(device.value) is not a storage device of the park"
                                  + NameSuggestion.hint(for: device.value, among: devices.sorted()))
        }
    }

    /// Flexible loads: ids distinct from everything else, each naming a member.
    private func checkFlexibleLoads(_ draft: ParkDraft, taken: inout [String: (String, Located<String>)],
                                    members: Set<String>) {
        for (_, id, member) in draft.flexibleLoads {
            if let (what, first) = taken[id.value] {
                diagnostics.error(.duplicateID, at: id.location, id.path,
                                  "flexible load id \"\(id.value)\" is already the id of \(what) (\(place(first)))")
            } else {
                taken[id.value] = ("a flexible load", id)
            }
            if draft.memberIDsComplete, !members.contains(member.value) {
                diagnostics.error(.unknownReference, at: member.location, member.path,
                                  "\(quotedForMessage(member.value)) is not a member"
                                      + NameSuggestion.hint(for: member.value, among: members.sorted()))
            }
        }
    }
}
