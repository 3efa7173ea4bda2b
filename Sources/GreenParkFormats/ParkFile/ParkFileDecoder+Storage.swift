import GreenParkCore
import Yams

/// The optional `storage:` list (DOMAIN.md 4a): batteries with their charge and discharge
/// meters. Each field is checked here; the fields together (state-of-charge limits, the
/// meters, the owner, the efficiency's period) by ``ParkFileValidator``.
extension ParkFileDecoder {
    func readStorage(_ document: ParkMapping, into draft: inout ParkDraft) {
        draft.storage = optionalList("storage", of: document, expected: "a list of storage devices",
                                     draft: &draft, readStorageDevice)
    }

    /// The items of an optional list section, each read by `read`; anything unreadable marks
    /// the draft incomplete (the problem is already reported).
    func optionalList<Item>(_ key: String, of document: ParkMapping, expected: String, draft: inout ParkDraft,
                            _ read: (Node, FieldPath) -> Item?) -> [Item] {
        guard let node = document.optional(key) else { return [] }
        guard let items = items(node, FieldPath.root.key(key), expected: expected) else {
            draft.isComplete = false
            return []
        }
        var found: [Item] = []
        for item in items {
            if let value = read(item.node, item.path) { found.append(value) } else { draft.isComplete = false }
        }
        return found
    }

    private func readStorageDevice(_ node: Node, _ path: FieldPath) -> StorageDraft? {
        guard let mapping = ParkMapping(node, at: path,
                                        expected: "a storage device (a mapping with id, capacity_kwh, ...)",
                                        keys: ParkSchema.storageKeys, diagnostics: diagnostics)
        else { return nil }
        var device = StorageDraft(path: path, location: mapping.location)
        device.id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
        device.name = mapping.required("name").flatMap { text($0, path.key("name"))?.value }
        func positive(_ key: String, unit: String) -> Located<Fixed6>? {
            mapping.required(key).flatMap {
                // At least 0.001 (one Wh or W): the device keeps whole Wh and W.
                let rule = "\(key) must be at least 0.001 and at most \(ParkSchema.maximumKW) \(unit)"
                return inRange(decimal($0, path.key(key)), rule) {
                    $0 >= Fixed6(millionths: 1_000) && $0 <= ParkSchema.maximumKW
                }
            }
        }
        func share(_ key: String, default value: Fixed6, rule: String) -> Located<Fixed6>? {
            guard let node = mapping.optional(key) else {
                return Located(value: value, path: path.key(key), location: mapping.location)
            }
            return inRange(decimal(node, path.key(key)), rule) { $0 >= .zero && $0 <= .one }
        }
        device.capacityKWh = positive("capacity_kwh", unit: "kWh")
        device.chargeKW = positive("charge_kw", unit: "kW")
        device.dischargeKW = positive("discharge_kw", unit: "kW")
        device.efficiency = mapping.required("efficiency", hint: "; the measured round-trip efficiency, output / input")
            .flatMap {
                inRange(decimal($0, path.key("efficiency")),
                        "the round-trip efficiency (output / input) must be above 0 and at most 1") {
                    $0 > .zero && $0 <= .one
                }
            }
        device.efficiencyFrom = mapping
            .required("efficiency_from", hint: "; the first day of the efficiency's measurement")
            .flatMap { date($0, path.key("efficiency_from")) }
        device.efficiencyTo = mapping
            .required("efficiency_to", hint: "; the last day of the efficiency's measurement")
            .flatMap { date($0, path.key("efficiency_to")) }
        device.minimumSoC = share("min_soc", default: .zero, rule: "min_soc is a share of the capacity, 0 to 1")
        device.maximumSoC = share("max_soc", default: .one, rule: "max_soc is a share of the capacity, 0 to 1")
        device.owner = mapping.optional("owner").map { text($0, path.key("owner")) }
            ?? Located(value: "park", path: path.key("owner"), location: mapping.location)
        device.chargeMeter = mapping.required("charge_meter", hint: "; charge and discharge are metered separately")
            .flatMap { identifier($0, path.key("charge_meter")) }
        device.dischargeMeter = mapping
            .required("discharge_meter", hint: "; charge and discharge are metered separately")
            .flatMap { identifier($0, path.key("discharge_meter")) }
        device.isComplete = device.id != nil && device.name != nil && device.capacityKWh != nil
            && device.chargeKW != nil && device.dischargeKW != nil && device.efficiency != nil
            && device.efficiencyFrom != nil && device.efficiencyTo != nil && device.minimumSoC != nil
            && device.maximumSoC != nil && device.owner != nil && device.chargeMeter != nil
            && device.dischargeMeter != nil
        return device
    }
}
