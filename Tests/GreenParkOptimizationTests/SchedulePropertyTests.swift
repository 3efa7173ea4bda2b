import Foundation
import GreenParkCore
@testable import GreenParkOptimization
import PropertyBased
import Testing

/// Random days: 96 quarter hours, 1-3 batteries, 0-3 flexible loads, each objective.
struct RandomDay: Sendable, CustomStringConvertible {
    var seed: UInt64
    var input: ScheduleInput
    var description: String { "seed \(seed) objective \(input.objective)" }

    static let generator = Gen.uint64(in: 1...UInt64.max).map { RandomDay(seed: $0) }

    init(seed: UInt64) {
        self.seed = seed
        var random = SplitMix64(seed: seed)
        func draw(_ range: ClosedRange<Int64>) -> Int64 { range.lowerBound + Int64(random.next() % UInt64(range.count)) }
        let count = 96
        let objective = ScheduleInput.Objective.allCases[Int(random.next() % 3)]
        let load = (0..<count).map { _ in draw(500...20_000) }
        let generation = (0..<count).map { t in t >= 28 && t < 72 ? draw(0...40_000) : 0 }
        let prices = (0..<count).map { t in t >= 32 && t < 88 ? 100.0 : 30.0 }
        var storage: [(device: StorageDevice, initialWh: Int64)] = []
        for k in 0..<Int(1 + random.next() % 3) {
            let capacity = draw(10_000...200_000)
            let device = try! StorageDevice(
                id: "b\(k)", name: "b\(k)", capacityWh: capacity, chargeW: draw(5_000...50_000),
                dischargeW: draw(5_000...50_000), efficiency: Fixed6(millionths: draw(600_000...1_000_000)),
                minimumSoC: Fixed6(millionths: draw(0...200_000)), maximumSoC: Fixed6(millionths: draw(800_000...1_000_000)),
                chargeMeter: "i\(k)", dischargeMeter: "o\(k)")
            storage.append((device, capacity / 2))
        }
        var flexible: [(load: FlexibleLoad, window: Range<Int>)] = []
        for f in 0..<Int(random.next() % 4) {
            let start = Int(random.next() % 48), end = start + 8 + Int(random.next() % 40)
            let maximum = draw(1_000...10_000)
            let energy = maximum * Int64(end - start) / 4 / 2
            flexible.append((try! FlexibleLoad(id: "f\(f)", member: "m", energyWhPerDay: energy,
                                               windowStartMinute: start * 15, windowEndMinute: end * 15,
                                               maximumW: maximum), start..<end))
        }
        input = ScheduleInput(objective: objective, step: 900, load: load, generation: generation, storage: storage,
                              flexible: flexible, importPrice: prices, exportPrice: 20, ppaPrice: 40,
                              feedInCap: random.next() % 2 == 0 ? Fixed6(parsing: "0.2") : nil,
                              minimumSelfConsumption: Fixed6(parsing: "0.6"), minimumGreenShare: Fixed6(parsing: "0.05"))
    }
}

@Suite("Schedule invariants on random days, and the optimum against HiGHS")
struct SchedulePropertyTests {
    @Test("matching and cost never charge and discharge at once (no binaries); without the charge weight they do")
    func noSimultaneous() throws {
        // 40 seeded days for matching and for cost: with the weight on charging, no optimum passes
        // energy through a battery in one interval. With weight 0 (an indifferent day) the solver's
        // vertex does so on some days, which then need binaries.
        func simultaneous(_ input: ScheduleInput, weight: Double) throws -> Bool {
            let f = try ScheduleFormulation(input, chargeWeight: weight)
            let solution = try LinearProgramSolver().solve(f.program)
            return input.storage.indices.contains { k in
                (0..<input.intervalCount).contains { t in
                    solution[f.genToStorage[k][t]] + solution[f.gridToStorage[k][t]] > 1e-6
                        && solution[f.storageToLoad[k][t]] + solution[f.storageToGrid[k][t]] > 1e-6
                }
            }
        }
        var withWeight = 0, without = 0
        for seed in UInt64(1)...40 {
            for objective in [ScheduleInput.Objective.matching, .cost] {
                var input = RandomDay(seed: seed).input
                input.objective = objective
                if try simultaneous(input, weight: ScheduleFormulation.chargeWeight) { withWeight += 1 }
                if try simultaneous(input, weight: 0) { without += 1 }
                #expect(try !Scheduler().schedule(input).usedBinaries, "seed \(seed) \(objective)")
            }
        }
        #expect(withWeight == 0 && without > 0, "with the weight: \(withWeight) days, without: \(without)")
    }

    @Test("every interval balances; power, state-of-charge and flexible-load limits hold after rounding")
    func invariants() async {
        await propertyCheck(count: 8, input: RandomDay.generator) { day in
            do {
                let schedule = try Scheduler().schedule(day.input)
                #expect(ScheduleCheck.problems(schedule, day.input).isEmpty, "\(day)")
            } catch let error as OptimizationError where error.kind == .infeasible && day.input.objective == .policy {
                // The random day cannot meet the policy ratios: refused, which is right.
            }
        }
    }

    @Test("the schedule programs' optima agree with HiGHS to 1e-6 relative", .enabled(if: HighsPeer.enabled))
    func highs() throws {
        let days = (1...40).map { RandomDay(seed: UInt64($0) * 7_919) }
        var models: [ScheduleModel] = [], ours: [Double?] = []
        for day in days {
            let program = try ScheduleFormulation(day.input).program
            models.append(ScheduleModel(program, seed: day.seed))
            ours.append(try? LinearProgramSolver().solve(program).objectiveValue)
        }
        let theirs = try HighsPeer.solve(models)
        try #require(theirs.count == models.count)
        var compared = 0
        for (k, result) in theirs.enumerated() {
            guard let mine = ours[k] else {
                #expect(result.status != 0, "Clp found no optimum but HiGHS did: seed \(models[k].seed)")
                continue
            }
            let objective = try #require(result.objective, "seed \(models[k].seed): \(result.message)")
            #expect(HighsComparisonTests.relativeDifference(mine, objective) <= 1e-6, "seed \(models[k].seed)")
            compared += 1
        }
        #expect(compared >= 30)
    }
}

extension ScheduleModel {
    /// Any ``LinearProgram`` as the JSON model highs_check.py reads.
    init(_ program: LinearProgram, seed: UInt64) {
        self.init(seed: seed, binaries: false)
        sense = program.sense == .maximise ? "maximise" : "minimise"
        variables = program.variableNames.indices.map { j in
            Variable(name: program.variableNames[j],
                     lower: program.columnLower[j].isInfinite ? nil : program.columnLower[j],
                     upper: program.columnUpper[j].isInfinite ? nil : program.columnUpper[j],
                     objective: program.objective[j], integer: program.isInteger[j])
        }
        rows = program.constraintNames.indices.map { i in
            let terms = program.rowStarts[i]..<program.rowStarts[i + 1]
            return Row(name: program.constraintNames[i], columns: terms.map { Int(program.rowColumns[$0]) },
                       coefficients: terms.map { program.rowValues[$0] },
                       lower: program.rowLower[i].isInfinite ? nil : program.rowLower[i],
                       upper: program.rowUpper[i].isInfinite ? nil : program.rowUpper[i])
        }
    }
}
