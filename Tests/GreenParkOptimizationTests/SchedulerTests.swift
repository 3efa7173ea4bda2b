import GreenParkCore
@testable import GreenParkOptimization
import Testing

/// Day schedules worked by hand: four hourly intervals, one battery of 100 kWh and 50 kW.
@Suite("Schedules: storage and flexible loads through Clp/Cbc")
struct SchedulerTests {
    static func battery(efficiency: String = "0.9", minimum: String = "0") throws -> StorageDevice {
        try StorageDevice(id: "bess", name: "Battery", capacityWh: 100_000, chargeW: 50_000, dischargeW: 50_000,
                          efficiency: Fixed6(parsing: efficiency)!, minimumSoC: Fixed6(parsing: minimum)!,
                          chargeMeter: "in", dischargeMeter: "out")
    }

    static func input(_ objective: ScheduleInput.Objective, load: [Int64], generation: [Int64],
                      prices: [Double] = [10, 10, 10, 10], cap: String? = nil) throws -> ScheduleInput {
        ScheduleInput(objective: objective, step: 3600, load: load, generation: generation,
                      storage: [(try battery(), 0)], importPrice: prices, exportPrice: 5, ppaPrice: 30,
                      feedInCap: cap.flatMap(Fixed6.init(parsing:)))
    }

    @Test("matching: the morning's 100 kWh charge 50 (the power limit), 45 reach the evening's load")
    func matching() throws {
        // 100 kWh generated in 00-01, 50 kWh load in 02-03 and 03-04. The battery takes 50 kWh
        // (50 kW for an hour); 0.9 of it, 45 kWh, serves the load; the other 50 kWh are exported
        // (exporting is free of the tie-break that curtailment carries); the grid brings 55 kWh.
        // Objective: 45 kWh green from storage, less 1e-4 per kWh imported (55) and per kWh charged (50).
        let s = try Scheduler().schedule(try Self.input(.matching, load: [0, 0, 50_000, 50_000],
                                                        generation: [100_000, 0, 0, 0]))
        #expect(s.charge[0] == [50_000, 0, 0, 0])
        #expect(s.discharge[0].reduce(0, +) == 45_000)
        #expect(s.gridImport.reduce(0, +) == 55_000 && s.gridExport == [50_000, 0, 0, 0] && s.curtailed.allSatisfy { $0 == 0 })
        #expect(s.stateOfCharge[0][1] == 50_000 && s.stateOfCharge[0][3] == 0)
        #expect(abs(s.objectiveValue - (45 - 1e-4 * 55 - 1e-4 * 50)) < 1e-6)
        #expect(ScheduleCheck.problems(s, try Self.input(.matching, load: [0, 0, 50_000, 50_000],
                                                         generation: [100_000, 0, 0, 0])).isEmpty)
    }

    @Test("a feed-in cap of 20 % lets 20 kWh out; the other 30 kWh are curtailed")
    func feedInCap() throws {
        let s = try Scheduler().schedule(try Self.input(.matching, load: [0, 0, 50_000, 50_000],
                                                        generation: [100_000, 0, 0, 0], cap: "0.2"))
        #expect(s.gridExport.reduce(0, +) == 20_000 && s.curtailed == [30_000, 0, 0, 0])
    }

    @Test("cost: charge 100 kWh from the grid at 10 fen, serve 90 kWh at 100 fen: 2,000 fen instead of 10,000")
    func cost() throws {
        // Without the battery: 100 kWh x 100 fen = 10,000 fen. With it: 100 kWh at 10 fen (1,000)
        // in 00-02, 90 kWh discharged in 02-04, the other 10 kWh at 100 fen (1,000): 2,000 fen, plus
        // 1e-4 for each of the 100 kWh charged.
        let s = try Scheduler().schedule(try Self.input(.cost, load: [0, 0, 50_000, 50_000], generation: [0, 0, 0, 0],
                                                        prices: [10, 10, 100, 100]))
        #expect(abs(s.objectiveValue - (2_000 + 1e-4 * 100)) < 1e-6)
        // How the 90 kWh split between 02-03 and 03-04 is free (same cost): only the sums are fixed.
        #expect(s.charge[0] == [50_000, 50_000, 0, 0] && s.discharge[0].reduce(0, +) == 90_000)
        #expect(s.gridImport[0...1] == [50_000, 50_000] && s.gridImport[2...3].reduce(0, +) == 10_000)
    }

    @Test("a flexible load moves into the green hours; its energy stays exact")
    func flexible() throws {
        // 40 kWh a day within 00-04 at up to 20 kW; baseline 10 kWh an hour. Generation 30 kWh
        // in 01-02 and 02-03: the load takes 20 + 20 there (matching 40 instead of 20).
        let load = try FlexibleLoad(id: "chiller", member: "m", energyWhPerDay: 40_000, windowStartMinute: 0,
                                    windowEndMinute: 240, maximumW: 20_000)
        let input = ScheduleInput(objective: .matching, step: 3600, load: [10_000, 10_000, 10_000, 10_000],
                                  generation: [0, 30_000, 30_000, 0], flexible: [(load, 0..<4)],
                                  importPrice: [10, 10, 10, 10])
        let s = try Scheduler().schedule(input)
        #expect(s.flexible[0] == [0, 20_000, 20_000, 0])
        #expect(s.load == s.flexible[0] && s.gridImport.allSatisfy { $0 == 0 })
        #expect(ScheduleCheck.problems(s, input).isEmpty)
    }

    @Test("policy: a green share the day cannot reach is refused, naming the constraint")
    func infeasiblePolicy() throws {
        var input = try Self.input(.policy, load: [50_000, 50_000, 50_000, 50_000], generation: [10_000, 0, 0, 0])
        input.minimumGreenShare = Fixed6(parsing: "0.3")
        #expect { try Scheduler().schedule(input) } throws: { error in
            (error as? OptimizationError)?.kind == .infeasible && "\(error)".contains("green_share")
        }
        input.minimumGreenShare = Fixed6(parsing: "0.04")
        let s = try Scheduler().schedule(input)
        // 10 kWh of 200 kWh = 5 % >= 4 %: met, nothing curtailed.
        #expect(s.curtailed.allSatisfy { $0 == 0 })
    }

    @Test("with binaries a device never charges and discharges in the same interval")
    func binaries() throws {
        let input = try Self.input(.cost, load: [0, 0, 50_000, 50_000], generation: [0, 0, 0, 0],
                                   prices: [-50, 10, 100, 100])
        let formulation = try ScheduleFormulation(input, binaries: [0])
        #expect(formulation.program.integerCount == 4)
        let solution = try LinearProgramSolver().solve(formulation.program)
        let s = try Scheduler.rounded(input, formulation, solution, binaries: true)
        #expect((0..<4).allSatisfy { s.charge[0][$0] == 0 || s.discharge[0][$0] == 0 })
    }

    @Test("bad input: a start outside the state-of-charge limits, series of other lengths")
    func badInput() throws {
        var input = try Self.input(.matching, load: [0, 0, 0, 0], generation: [0, 0, 0, 0])
        input.storage = [(try Self.battery(minimum: "0.1"), 5_000)]
        #expect(throws: ScheduleError.self) { try Scheduler().schedule(input) }
        input.storage = []
        input.generation = [0]
        #expect(throws: ScheduleError.self) { try Scheduler().schedule(input) }
    }
}
