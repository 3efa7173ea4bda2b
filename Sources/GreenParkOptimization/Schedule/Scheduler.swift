import GreenParkCore

/// Decides a day's schedule (docs/schedules.md): the linear program of
/// ``ScheduleFormulation`` solved by Clp; where the optimum has a device charging and
/// discharging in the same interval (worth it only to burn energy in its losses), the
/// program is solved again with binaries for that device by Cbc, as FlexMeasures does. The
/// optimum is rounded to whole Wh (flexible loads by largest remainder, keeping each day's
/// energy exact) and checked: every interval balances, every power and state-of-charge limit
/// holds to within 1 Wh per interval.
public struct Scheduler: Sendable {
    public let solver: LinearProgramSolver
    /// How long the MILP (with binaries) may run before its best schedule is taken.
    public let milpTimeLimit: Duration

    public init(solver: LinearProgramSolver = LinearProgramSolver(), milpTimeLimit: Duration = .seconds(10)) {
        self.solver = solver
        self.milpTimeLimit = milpTimeLimit
    }

    public func schedule(_ input: ScheduleInput) throws -> DaySchedule {
        try Self.check(input)
        var formulation = try ScheduleFormulation(input)
        var solution = try solver.solve(formulation.program)
        let simultaneous = Set(input.storage.indices.filter { k in
            (0..<input.intervalCount).contains { t in
                let charge = solution[formulation.genToStorage[k][t]] + solution[formulation.gridToStorage[k][t]]
                let discharge = solution[formulation.storageToLoad[k][t]] + solution[formulation.storageToGrid[k][t]]
                return charge > 1e-6 && discharge > 1e-6
            }
        })
        if !simultaneous.isEmpty {
            formulation = try ScheduleFormulation(input, binaries: simultaneous)
            // Cbc's limit is wall-clock time: at most `milpTimeLimit`, then its best schedule.
            solution = try LinearProgramSolver(timeLimit: milpTimeLimit).solve(formulation.program)
        }
        return try Self.rounded(input, formulation, solution, binaries: !simultaneous.isEmpty)
    }

    /// The optimum in whole Wh, balanced and checked.
    static func rounded(_ input: ScheduleInput, _ f: ScheduleFormulation, _ solution: LinearProgramSolution,
                        binaries: Bool) throws -> DaySchedule {
        let count = input.intervalCount
        func wh(_ kwh: Double) -> Int64 { Int64((kwh * 1000).rounded()) }
        /// Rounds a series through its running sum, so the sum of the rounded values is never
        /// more than 0.5 Wh from the sum of the exact ones (at any point of the day).
        func cumulative(_ values: [Double]) -> [Int64] {
            var exact = 0.0, given: Int64 = 0
            return values.map { value in
                exact += max(0, value) * 1000
                let next = Int64(exact.rounded()) - given
                given += next
                return max(0, next)
            }
        }
        var charge: [[Int64]] = [], discharge: [[Int64]] = [], soc: [[Int64]] = []
        for (k, (device, initial)) in input.storage.enumerated() {
            let c = cumulative((0..<count).map { solution[f.genToStorage[k][$0]] + solution[f.gridToStorage[k][$0]] })
            let d = cumulative((0..<count).map { solution[f.storageToLoad[k][$0]] + solution[f.storageToGrid[k][$0]] })
            let efficiency = Double(device.efficiency.millionths) / 1e6
            var level = Double(initial), levels: [Int64] = []
            for t in 0..<count {
                level += Double(c[t]) - Double(d[t]) / efficiency
                levels.append(Int64(level.rounded()))
            }
            charge.append(c)
            discharge.append(d)
            soc.append(levels)
        }
        var flexible: [[Int64]] = []
        for (index, (load, window)) in input.flexible.enumerated() {
            let weights = f.flexible[index].map { Int64(max(0, solution[$0]) * 1e6) }
            let parts = LargestRemainder.shares(of: load.energyWhPerDay, weights: weights)
            var row = [Int64](repeating: 0, count: count)
            for (k, t) in window.enumerated() { row[t] = parts[k] }
            flexible.append(row)
        }
        let baselines = input.flexible.indices.map { input.baseline(of: $0) }
        var load: [Int64] = [], curtailed: [Int64] = [], imports: [Int64] = [], exports: [Int64] = []
        for t in 0..<count {
            let demand = f.fixedLoad(input, baselines, t) + flexible.reduce(0) { $0 + $1[t] }
            let cut = min(input.generation[t], max(0, wh(solution[f.curtailed[t]])))
            let net = demand + charge.reduce(0) { $0 + $1[t] } - (input.generation[t] - cut)
                - discharge.reduce(0) { $0 + $1[t] }
            load.append(demand)
            curtailed.append(cut)
            imports.append(max(0, net))
            exports.append(max(0, -net))
        }
        let schedule = DaySchedule(step: input.step, objective: input.objective,
                                   objectiveValue: solution.objectiveValue, solver: solution.solver,
                                   usedBinaries: binaries, charge: charge, discharge: discharge,
                                   stateOfCharge: soc, flexible: flexible, load: load, generation: input.generation,
                                   curtailed: curtailed, gridImport: imports, gridExport: exports)
        if let problem = ScheduleCheck.problems(schedule, input).first {
            throw ScheduleError.unsound(problem)
        }
        return schedule
    }

    /// Refuses inputs the program cannot represent, naming the field.
    static func check(_ input: ScheduleInput) throws {
        let count = input.intervalCount
        guard count > 0, input.generation.count == count, input.importPrice.count == count else {
            throw ScheduleError.input("the load, generation and price series must have one value per interval")
        }
        guard input.importLimit.isEmpty || input.importLimit.count == count else {
            throw ScheduleError.input("the import limits, where given, need one value (or none) per interval")
        }
        guard input.load.allSatisfy({ $0 >= 0 }), input.generation.allSatisfy({ $0 >= 0 }) else {
            throw ScheduleError.input("load and generation are 0 or more in every interval")
        }
        for (device, initial) in input.storage {
            let low = device.minimumWh, high = device.maximumWh
            guard (low...high).contains(initial) else {
                throw ScheduleError.input("storage \(device.id): the state of charge at the start, \(initial) Wh, "
                                          + "is outside its limits \(low) to \(high) Wh")
            }
        }
        for (load, window) in input.flexible
        where window.isEmpty || window.lowerBound < 0 || window.upperBound > count {
            throw ScheduleError.input("flexible load \(load.id): its window is not inside the day's intervals")
        }
    }
}

/// A schedule cannot be made from its input, or came out unsound.
public enum ScheduleError: GreenParkError, Equatable {
    case input(String)
    case unsound(String)

    public var code: String {
        switch self {
        case .input: "schedule.invalid-input"
        case .unsound: "schedule.unsound"
        }
    }

    public var message: String {
        switch self {
        case .input(let text): text
        case .unsound(let text): "the solver's schedule breaks a limit after rounding to Wh: \(text)"
        }
    }

    public var isBadInput: Bool { if case .input = self { true } else { false } }
}
