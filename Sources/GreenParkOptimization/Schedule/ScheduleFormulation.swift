import GreenParkCore

/// A day's schedule as a linear program (docs/schedules.md), in kWh per interval. Per
/// interval t: generation goes to the load, into storage, to the grid or is curtailed; the
/// load (fixed part plus the flexible loads) is met by generation, storage and the grid;
/// each device charges from generation or the grid and discharges to the load or the grid,
/// its state of charge following `soc_t = soc_{t-1} + charge_t - discharge_t / efficiency`
/// within its limits, and ending the day no lower than it started. With `binaries` for a
/// device, one binary per interval forbids charging and discharging at once.
struct ScheduleFormulation {
    var program: LinearProgram
    var genToLoad: [LinearProgram.VariableID] = []
    var genToGrid: [LinearProgram.VariableID] = []
    var curtailed: [LinearProgram.VariableID] = []
    var gridToLoad: [LinearProgram.VariableID] = []
    /// Per device, per interval.
    var genToStorage: [[LinearProgram.VariableID]] = []
    var gridToStorage: [[LinearProgram.VariableID]] = []
    var storageToLoad: [[LinearProgram.VariableID]] = []
    var storageToGrid: [[LinearProgram.VariableID]] = []
    var soc: [[LinearProgram.VariableID]] = []
    /// Per flexible load, per interval of its window (offset by the window's start).
    var flexible: [[LinearProgram.VariableID]] = []

    /// Objective weight of a kWh imported above a demand-response limit: far above any price
    /// (fen/kWh) or energy weight, so the limit gives way only where nothing can keep it.
    static let limitPenalty = 1e4

    /// Objective weight of curtailment and of grid import where they are not the objective:
    /// small enough never to outweigh it, large enough to break ties.
    static let tieBreak = 1e-4

    /// Objective weight of every kWh charged, whatever the objective: a device cycles only
    /// for a gain. Without it a `matching` day is indifferent between feeding surplus into the
    /// grid and passing it through a device that charges and discharges at once, and the
    /// solver's vertex may do the latter, which then needs binaries (a MILP, many times slower).
    /// Charging and discharging at once to burn surplus in the losses costs at least
    /// `chargeWeight / (1 - efficiency)` per kWh burnt, above curtailment's `tieBreak`, so it
    /// only pays where curtailment is the objective (`policy`).
    static let chargeWeight = 1e-4

    /// `chargeWeight`: the weight of a kWh charged (``chargeWeight``; 0 only in tests, to show
    /// what it prevents).
    init(_ input: ScheduleInput, binaries: Set<Int> = [],
         chargeWeight: Double = Self.chargeWeight) throws(OptimizationError) {
        let sense: LinearProgram.Sense = input.objective == .matching ? .maximise : .minimise
        program = LinearProgram(sense: sense)
        let count = input.intervalCount, hours = Double(input.step) / 3600
        let tie = input.objective == .matching ? -Self.tieBreak : Self.tieBreak
        let baselines = input.flexible.indices.map { input.baseline(of: $0) }
        for t in 0..<count {
            let green: Double = input.objective == .matching ? 1 : 0
            let price = input.importPrice[t]
            let costOf: (Double) -> Double = { input.objective == .cost ? $0 : 0 }
            genToLoad.append(try program.addVariable("gen_to_load[\(t)]", objective: green + costOf(input.ppaPrice)))
            genToGrid.append(try program.addVariable("gen_to_grid[\(t)]", objective: costOf(-input.exportPrice)))
            curtailed.append(try program.addVariable("curtailed[\(t)]",
                                                     objective: input.objective == .policy ? 1 : tie))
            gridToLoad.append(try program.addVariable("grid_to_load[\(t)]",
                                                      objective: input.objective == .cost ? price : tie))
        }
        for (k, (device, initial)) in input.storage.enumerated() {
            let charge = Double(device.chargeW) * hours / 1000, discharge = Double(device.dischargeW) * hours / 1000
            let low = Double(device.capacityWh) * Double(device.minimumSoC.millionths) / 1e9
            let high = Double(device.capacityWh) * Double(device.maximumSoC.millionths) / 1e9
            let efficiency = Double(device.efficiency.millionths) / 1e6
            let gridCharge = input.objective == .cost ? charge : 0
            var rows: ([LinearProgram.VariableID], [LinearProgram.VariableID], [LinearProgram.VariableID],
                       [LinearProgram.VariableID], [LinearProgram.VariableID]) = ([], [], [], [], [])
            for t in 0..<count {
                let id = device.id
                let cycle = input.objective == .matching ? -chargeWeight : chargeWeight
                let g2s = try program.addVariable("\(id).gen_to_storage[\(t)]", upper: charge,
                                                  objective: (input.objective == .cost ? input.ppaPrice : 0) + cycle)
                let n2s = try program.addVariable("\(id).grid_to_storage[\(t)]", upper: gridCharge,
                                                  objective: (input.objective == .cost ? input.importPrice[t] : 0)
                                                      + cycle)
                let s2l = try program.addVariable("\(id).storage_to_load[\(t)]", upper: discharge,
                                                  objective: input.objective == .matching ? 1 : 0)
                let s2g = try program.addVariable("\(id).storage_to_grid[\(t)]", upper: discharge,
                                                  objective: input.objective == .cost ? -input.exportPrice : 0)
                let level = try program.addVariable("\(id).soc[\(t)]", lower: low, upper: high)
                try program.addConstraint("\(id).charge_power[\(t)]", [(g2s, 1), (n2s, 1)], upper: charge)
                try program.addConstraint("\(id).discharge_power[\(t)]", [(s2l, 1), (s2g, 1)], upper: discharge)
                var terms: [(LinearProgram.VariableID, Double)] = [(level, 1), (g2s, -1), (n2s, -1),
                                                                   (s2l, 1 / efficiency), (s2g, 1 / efficiency)]
                if t > 0 { terms.append((rows.4[t - 1], -1)) }
                try program.addConstraint("\(id).soc_balance[\(t)]", terms,
                                          equalTo: t == 0 ? Double(initial) / 1000 : 0)
                if binaries.contains(k) {
                    let u = try program.addBinary("\(id).charging[\(t)]")
                    try program.addConstraint("\(id).charge_only_when_charging[\(t)]",
                                              [(g2s, 1), (n2s, 1), (u, -charge)], upper: 0)
                    try program.addConstraint("\(id).discharge_only_when_not[\(t)]",
                                              [(s2l, 1), (s2g, 1), (u, discharge)], upper: discharge)
                }
                rows.0.append(g2s); rows.1.append(n2s); rows.2.append(s2l); rows.3.append(s2g); rows.4.append(level)
            }
            if let last = rows.4.last {
                try program.addConstraint("\(device.id).end_soc", [(last, 1)], lower: min(Double(initial) / 1000, high))
            }
            genToStorage.append(rows.0); gridToStorage.append(rows.1); storageToLoad.append(rows.2)
            storageToGrid.append(rows.3); soc.append(rows.4)
        }
        for (f, (load, window)) in input.flexible.enumerated() {
            let low = Double(load.minimumW) * hours / 1000, high = Double(load.maximumW) * hours / 1000
            let variables = try window.map { t throws(OptimizationError) in
                try program.addVariable("\(load.id).power[\(t)]", lower: low, upper: high)
            }
            try program.addConstraint("\(load.id).energy", variables.map { ($0, 1) },
                                      equalTo: Double(load.energyWhPerDay) / 1000)
            flexible.append(variables)
        }
        try addBalances(input, baselines: baselines)
        try addPolicy(input, baselines: baselines)
        try addImportLimits(input)
    }

    /// Each interval's demand-response limit on grid import (to the load and into storage),
    /// with a penalised excess so a limit nothing can keep never makes the day infeasible.
    private mutating func addImportLimits(_ input: ScheduleInput) throws(OptimizationError) {
        for (t, limit) in input.importLimit.enumerated() {
            guard let limit, t < input.intervalCount else { continue }
            let excess = try program.addVariable("import_excess[\(t)]", objective: input.objective == .matching
                                                    ? -Self.limitPenalty : Self.limitPenalty)
            var terms: [(LinearProgram.VariableID, Double)] = [(gridToLoad[t], 1), (excess, -1)]
            for k in gridToStorage.indices { terms.append((gridToStorage[k][t], 1)) }
            try program.addConstraint("import_limit[\(t)]", terms, upper: Double(max(0, limit)) / 1000)
        }
    }

    /// Where each interval's generation goes, and what meets each interval's load.
    private mutating func addBalances(_ input: ScheduleInput, baselines: [[Int64]]) throws(OptimizationError) {
        for t in 0..<input.intervalCount {
            var supply: [(LinearProgram.VariableID, Double)] = [(genToLoad[t], 1), (genToGrid[t], 1), (curtailed[t], 1)]
            for k in genToStorage.indices { supply.append((genToStorage[k][t], 1)) }
            try program.addConstraint("generation[\(t)]", supply, equalTo: Double(input.generation[t]) / 1000)
            var demand: [(LinearProgram.VariableID, Double)] = [(genToLoad[t], 1), (gridToLoad[t], 1)]
            for k in storageToLoad.indices { demand.append((storageToLoad[k][t], 1)) }
            for (f, (_, window)) in input.flexible.enumerated() where window.contains(t) {
                demand.append((flexible[f][t - window.lowerBound], -1))
            }
            try program.addConstraint("load[\(t)]", demand, equalTo: Double(fixedLoad(input, baselines, t)) / 1000)
        }
    }

    /// The feed-in cap, and for the policy objective the self-consumption and green share.
    private mutating func addPolicy(_ input: ScheduleInput, baselines: [[Int64]]) throws(OptimizationError) {
        let generated = Double(input.generation.reduce(0, +)) / 1000
        var exported: [(LinearProgram.VariableID, Double)] = genToGrid.map { ($0, 1) }
        for k in storageToGrid.indices { exported += storageToGrid[k].map { ($0, 1) } }
        if let cap = input.feedInCap {
            try program.addConstraint("feed_in_cap", exported, upper: generated * Double(cap.millionths) / 1e6)
        }
        guard input.objective == .policy else { return }
        if let ratio = input.minimumSelfConsumption {
            try program.addConstraint("self_consumption", exported,
                                      upper: generated * (1 - Double(ratio.millionths) / 1e6))
        }
        if let share = input.minimumGreenShare {
            let theta = Double(share.millionths) / 1e6
            var green: [(LinearProgram.VariableID, Double)] = genToLoad.map { ($0, 1) }
            for k in storageToLoad.indices { green += storageToLoad[k].map { ($0, 1) } }
            for variables in flexible { green += variables.map { ($0, -theta) } }
            let fixed = (0..<input.intervalCount).reduce(0.0) { $0 + Double(fixedLoad(input, baselines, $1)) / 1000 }
            try program.addConstraint("green_share", green, lower: theta * fixed)
        }
    }

    /// The load without the flexible loads' baselines (never below 0).
    func fixedLoad(_ input: ScheduleInput, _ baselines: [[Int64]], _ t: Int) -> Int64 {
        max(0, input.load[t] - baselines.reduce(0) { $0 + $1[t] })
    }
}
