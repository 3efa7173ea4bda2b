extension SettlementSettings {
    /// What a member pays per kWh taken from storage device `device`: its
    /// `settlement.storage_prices` entry, else ``defaultStoragePrice(generators:)``.
    public func storagePrice(device: String, generators: [Generator]) -> Fixed6 {
        storagePrices[device] ?? defaultStoragePrice(generators: generators)
    }

    /// The flat PPA prices of the generators averaged by capacity (each capacity rounded up
    /// to a whole kW), fen/kWh, half to even to the millionth: what the park pays on average
    /// for the green energy it stores. Generators with a time-of-use shaped PPA have no flat
    /// price and are left out (0 when every PPA is shaped: the park file then needs
    /// `storage_prices`). Example: 1,000 kW at 38 and 3,000 kW at 33 give
    /// (38,000 + 99,000) / 4,000 = 34.25.
    public func defaultStoragePrice(generators: [Generator]) -> Fixed6 {
        var priced: Int128 = 0, capacity: Int128 = 0
        for generator in generators where ppaByPeriod[generator.id] == nil {
            let kw = Int128((generator.capacityKW.millionths + 999_999) / 1_000_000)
            priced += Int128(ppa[generator.id]?.millionths ?? 0) * kw
            capacity += kw
        }
        guard capacity > 0 else { return .zero }
        var quotient = priced / capacity
        let twice = 2 * (priced % capacity)
        if twice > capacity || (twice == capacity && quotient % 2 == 1) { quotient += 1 }
        return Fixed6(millionths: Int64(quotient))
    }
}
