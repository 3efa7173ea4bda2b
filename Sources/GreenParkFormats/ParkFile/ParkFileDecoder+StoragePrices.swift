import GreenParkCore

extension ParkFileDecoder {
    /// `settlement.storage_prices`: what a member pays per kWh taken from a storage device,
    /// one entry per device (`device`, `price_fen_per_kwh`, 0 to 100,000); a device without
    /// one is priced at the generators' PPA prices averaged by capacity (docs/settlement.md).
    /// The devices named are checked against `storage:` by the validator. Returns false when
    /// an entry could not be read.
    func readStoragePrices(_ section: ParkMapping, into settings: inout SettlementSettings,
                           draft: inout ParkDraft) -> Bool {
        let path = section.path.key("storage_prices")
        guard let list = section.optional("storage_prices") else { return true }
        guard let entries = items(list, path, expected: "a list of device and price_fen_per_kwh") else { return false }
        var complete = true
        for item in entries {
            let expected = "a storage price (device, price_fen_per_kwh)"
            guard let m = ParkMapping(item.node, at: item.path, expected: expected,
                                      keys: ParkSchema.storagePriceKeys, diagnostics: diagnostics),
                  let device = m.required("device").flatMap({ identifier($0, item.path.key("device")) })
            else { complete = false; continue }
            guard settings.storagePrices[device.value] == nil else {
                diagnostics.error(.duplicateID, at: device.location, device.path,
                                  "storage device \(device.value) has a price already; give one entry per device")
                complete = false
                continue
            }
            let rule = "a storage price is 0 to 100,000 fen per kWh"
            guard let price = m.required("price_fen_per_kwh").flatMap({
                inRange(decimal($0, item.path.key("price_fen_per_kwh")), rule) { SettlementLimits.allows($0) }
            }) else { complete = false; continue }
            settings.storagePrices[device.value] = price.value
            draft.storagePriceDevices.append(device)
        }
        return complete
    }
}
