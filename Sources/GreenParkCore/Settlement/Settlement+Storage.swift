extension Settlement {
    /// The park's storage in a settlement (docs/settlement.md, "Storage"): the devices'
    /// metered charge and discharge, the allocation over the generators then the devices
    /// (``StorageAllocation``), and what a member pays per kWh taken from each device.
    public struct StorageInput: Sendable {
        public let series: StorageSeries
        public let combined: AllocationOutcome
        /// Per device (park order), fen/kWh.
        public let prices: [Fixed6]

        public init(series: StorageSeries, combined: AllocationOutcome, prices: [Fixed6]) {
            precondition(prices.count == series.deviceCount)
            self.series = series
            self.combined = combined
            self.prices = prices
        }
    }

    /// A period's storage energy summed for pricing: per member what it took from each
    /// device; per device what it charged from each generator (by time-of-use period where
    /// the generator's PPA is shaped) and from the grid (by period), what it discharged and
    /// what of that went into the grid. Intervals excluded by the gap policy are left out.
    struct StorageFlows {
        /// `taken[i][k]`: member i from device k.
        var taken: [[Int64]]
        /// `charged[k][j]`: device k from generator j; `chargedByPeriod[k][j][period]` for shaped PPAs.
        var charged: [[Int64]]
        var chargedByPeriod: [[[String: Int64]]]
        /// `gridCharge[k][period]`: device k's charge from the grid.
        var gridCharge: [[String: Int64]]
        var discharged: [Int64]
        var exported: [Int64]

        init(problem: AllocationProblem, storage: StorageInput, touPeriod: [String], shaped: [Bool]) {
            let n = problem.memberCount, m = problem.generatorCount, s = storage.series.deviceCount
            taken = Array(repeating: Array(repeating: 0, count: s), count: n)
            charged = Array(repeating: Array(repeating: 0, count: m), count: s)
            chargedByPeriod = Array(repeating: Array(repeating: [:], count: m), count: s)
            gridCharge = Array(repeating: [:], count: s)
            discharged = Array(repeating: 0, count: s)
            exported = Array(repeating: 0, count: s)
            var splitter = StorageChargeSplit(generators: m, devices: s)
            for t in 0..<problem.intervalCount where !problem.excluded[t] {
                splitter.split(interval: t, problem: problem, combined: storage.combined, storage: storage.series)
                for k in 0..<s {
                    for j in 0..<m where splitter.bySource[k * m + j] != 0 {
                        charged[k][j] += splitter.bySource[k * m + j]
                        if shaped[j] { chargedByPeriod[k][j][touPeriod[t], default: 0] += splitter.bySource[k * m + j] }
                    }
                    gridCharge[k][touPeriod[t], default: 0] += storage.series.charge[t * s + k] - splitter.green[k]
                    let out = storage.series.discharge[t * s + k]
                    var toMembers: Int64 = 0
                    for i in 0..<n {
                        let part = storage.combined.allocated(interval: t, member: i, generator: m + k)
                        taken[i][k] += part
                        toMembers += part
                    }
                    discharged[k] += out
                    exported[k] += out - toMembers
                }
            }
        }

        /// What member `i` received from the devices in interval `t`.
        static func received(_ storage: StorageInput?, interval t: Int, member i: Int, generators m: Int) -> Int64 {
            guard let storage else { return 0 }
            var sum: Int64 = 0
            for k in 0..<storage.series.deviceCount {
                sum += storage.combined.allocated(interval: t, member: i, generator: m + k)
            }
            return sum
        }
    }

    /// Device `device`'s statement: its sales to the members at its price and its discharge
    /// fed into the grid at the export price; its `purchases` from the generators (the same
    /// amounts as their `sale-storage` lines, negated) and its charge from the grid at the
    /// tariff (negated: it pays them).
    static func storageStatement(device k: Int, id: String, flows: StorageFlows, price: Fixed6,
                                 purchases: [Line], park: Park, settings: SettlementSettings,
                                 tariff: Tariff) -> Statement {
        var lines: [Line] = []
        for (i, member) in park.members.enumerated() where flows.taken[i][k] > 0 {
            lines.append(Line(kind: .sale, item: member.id, energyWh: flows.taken[i][k], priceFenPerKWh: price,
                              amountFen: amount(flows.taken[i][k], price)))
        }
        if flows.exported[k] > 0 {
            lines.append(Line(kind: .export, item: "grid", energyWh: flows.exported[k],
                              priceFenPerKWh: settings.exportPrice,
                              amountFen: amount(flows.exported[k], settings.exportPrice)))
        }
        lines += purchases
        for period in flows.gridCharge[k].keys.sorted() where flows.gridCharge[k][period]! > 0 {
            let wh = flows.gridCharge[k][period]!, price = tariff.prices[period] ?? .zero
            lines.append(Line(kind: .gridCharge, item: period, energyWh: wh, priceFenPerKWh: price,
                              amountFen: -amount(wh, price)))
        }
        return Statement(generator: id, lines: lines)
    }
}
