extension SettlementSettings {
    /// What a member pays per kWh taken from storage device `device`: its
    /// `settlement.storage_prices` entry, else ``defaultStoragePrice(generators:)``.
    public func storagePrice(device: String, generators: [Generator]) -> Fixed6 {
        storagePrices[device] ?? defaultStoragePrice(generators: generators)
    }

    /// The generators' flat PPA prices averaged by capacity (each capacity rounded up to a
    /// whole kW), fen/kWh, half to even to the millionth: what the park pays on average for
    /// the green energy it stores. Example: 1,000 kW at 38 and 3,000 kW at 33 give
    /// (38,000 + 99,000) / 4,000 = 34.25.
    public func defaultStoragePrice(generators: [Generator]) -> Fixed6 {
        var priced: Int64 = 0, capacity: Int64 = 0
        for generator in generators {
            let kw = (generator.capacityKW.millionths + 999_999) / 1_000_000
            priced += (ppa[generator.id]?.millionths ?? 0) * kw
            capacity += kw
        }
        return capacity > 0 ? Fixed6(millionths: Rounding.mulDivHalfEven(priced, 1, capacity)) : .zero
    }
}
