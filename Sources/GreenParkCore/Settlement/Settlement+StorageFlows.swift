extension Settlement {
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
                        guard shaped[j] else { continue }
                        chargedByPeriod[k][j][touPeriod[t], default: 0] += splitter.bySource[k * m + j]
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
                    // What no member took; an allocation giving the members more than the device
                    // discharged is not netted against other intervals (storage-discharge fails).
                    exported[k] += max(0, out - toMembers)
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
}
