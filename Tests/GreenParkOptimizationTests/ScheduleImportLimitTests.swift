import GreenParkCore
@testable import GreenParkOptimization
import Testing

/// Demand-response import limits in a day's schedule, worked by hand on SchedulerTests' day:
/// four hourly intervals, a battery of 100 kWh and 50 kW at 0.9.
@Suite("Schedules: demand-response import limits")
struct ScheduleImportLimitTests {
    @Test("a limit of 10 kWh in 03-04: the battery saves its 40 kWh for that hour instead of 02-03")
    func shiftsDischarge() throws {
        // Without a limit, how the 45 kWh split between 02-03 and 03-04 is free. With import in
        // 03-04 limited to 10 kWh, the battery must give 40 of its 45 kWh there (50 - 40 = 10 imported).
        var input = try SchedulerTests.input(.matching, load: [0, 0, 50_000, 50_000], generation: [100_000, 0, 0, 0])
        input.importLimit = [nil, nil, nil, 10_000]
        let s = try Scheduler().schedule(input)
        #expect(s.discharge[0][3] >= 40_000 && s.gridImport[3] <= 10_000)
        #expect(s.discharge[0].reduce(0, +) == 45_000)
    }

    @Test("cost: the battery is charged ahead of a limited hour even where it does not pay otherwise")
    func costShifts() throws {
        // Flat prices: no reason to store. A limit of 0 in 02-03 on a 30 kWh load: the battery charges
        // 30 / 0.9 = 33.334 kWh from the grid before and gives 30 kWh in 02-03.
        var input = try SchedulerTests.input(.cost, load: [0, 0, 30_000, 0], generation: [0, 0, 0, 0])
        input.importLimit = [nil, nil, 0, nil]
        let s = try Scheduler().schedule(input)
        #expect(s.gridImport[2] == 0 && s.discharge[0][2] == 30_000)
        #expect(abs(Double(s.charge[0].reduce(0, +)) - 33_333.3) <= 1)
    }

    @Test("a limit nothing can keep gives way: the day is still scheduled, importing what it must")
    func infeasibleLimit() throws {
        // 50 kWh load in 02-03, nothing stored or generated before: a limit of 0 cannot be kept.
        var input = try SchedulerTests.input(.matching, load: [0, 0, 50_000, 0], generation: [0, 0, 0, 0])
        input.importLimit = [nil, nil, 0, nil]
        let s = try Scheduler().schedule(input)
        #expect(s.gridImport[2] == 50_000)
    }

    @Test("limits of the wrong length are refused")
    func wrongLength() throws {
        var input = try SchedulerTests.input(.matching, load: [0, 0, 50_000, 0], generation: [0, 0, 0, 0])
        input.importLimit = [nil, 0]
        #expect(throws: ScheduleError.self) { try Scheduler().schedule(input) }
    }
}
