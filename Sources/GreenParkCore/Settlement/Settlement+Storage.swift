extension Settlement {
    /// The park's storage in a settlement (docs/settlement.md, "Storage"): the devices'
    /// metered charge and discharge, the allocation over the generators then the devices
    /// (``StorageAllocation``), and what a member pays per kWh taken from each device.
    public struct StorageInput: Sendable {
        /// The devices' metered charge and discharge per interval (the settled period's).
        public let series: StorageSeries
        /// The allocation over the generators, then the devices (``StorageAllocation``).
        public let combined: AllocationOutcome
        /// Per device (park order), fen/kWh.
        public let prices: [Fixed6]

        /// `prices` has one entry per device of `series`.
        public init(series: StorageSeries, combined: AllocationOutcome, prices: [Fixed6]) {
            precondition(prices.count == series.deviceCount)
            self.series = series
            self.combined = combined
            self.prices = prices
        }

        /// What `member` pays per kWh from device `k`: its price, or 0 from a device it owns
        /// (its own energy, no sale).
        func price(device k: Int, member: String) -> Fixed6 {
            series.devices[k].owner == .member(member) ? .zero : prices[k]
        }
    }

    /// Device `k`'s statement: its sales to the members at their price (0 to its owner) and
    /// its discharge fed into the grid at the export price; its `purchases` from the
    /// generators (the same amounts as their `sale-storage` lines, negated), the T&D and
    /// system fees on them, and its charge from the grid at the tariff (negated: it pays them).
    static func storageStatement(device k: Int, id: String, flows: StorageFlows, storage: StorageInput,
                                 purchases: [Line], park: Park, settings: SettlementSettings,
                                 tariff: Tariff) -> Statement {
        var lines: [Line] = []
        for (i, member) in park.members.enumerated() where flows.taken[i][k] > 0 {
            let price = storage.price(device: k, member: member.id)
            lines.append(Line(kind: .sale, item: member.id, energyWh: flows.taken[i][k], priceFenPerKWh: price,
                              amountFen: amount(flows.taken[i][k], price)))
        }
        if flows.exported[k] > 0 {
            lines.append(Line(kind: .export, item: "grid", energyWh: flows.exported[k],
                              priceFenPerKWh: settings.exportPrice,
                              amountFen: amount(flows.exported[k], settings.exportPrice)))
        }
        lines += purchases
        let green = purchases.reduce(0) { $0 + ($1.energyWh ?? 0) }
        let fees = [(Line.Kind.transmissionFee, "transmission-distribution", settings.transmissionFee),
                    (.systemFee, "system-operation", settings.systemFee)]
        for (kind, item, fee) in fees where fee > .zero && green > 0 {
            lines.append(Line(kind: kind, item: item, energyWh: green, priceFenPerKWh: fee,
                              amountFen: -amount(green, fee)))
        }
        for period in flows.gridCharge[k].keys.sorted() where flows.gridCharge[k][period]! > 0 {
            let wh = flows.gridCharge[k][period]!, price = tariff.prices[period] ?? .zero
            lines.append(Line(kind: .gridCharge, item: period, energyWh: wh, priceFenPerKWh: price,
                              amountFen: -amount(wh, price)))
        }
        return Statement(generator: id, lines: lines)
    }
}
