import GreenParkCore
@testable import GreenParkOptimization
import Testing

/// A plan meeting the metered day, worked by hand: one battery of 1,000 Wh, 500 W a side,
/// efficiency 0.8, state of charge kept between 100 and 900 Wh; four hourly intervals.
@Suite("Schedules dispatched on the metered day")
struct ScheduleDispatchTests {
    static let device = try! StorageDevice(
        id: "b", name: "B", capacityWh: 1_000, chargeW: 500, dischargeW: 500, efficiency: Fixed6(millionths: 800_000),
        minimumSoC: Fixed6(millionths: 100_000), maximumSoC: Fixed6(millionths: 900_000),
        chargeMeter: "in", dischargeMeter: "out")

    static func plan(charge: [Int64], discharge: [Int64], curtailed: [Int64] = [0, 0, 0, 0]) -> DaySchedule {
        DaySchedule(step: 3600, objective: .matching, objectiveValue: 0, solver: "test", usedBinaries: false,
                    charge: [charge], discharge: [discharge], stateOfCharge: [[0, 0, 0, 0]], flexible: [],
                    load: [0, 0, 0, 0], generation: [0, 0, 0, 0], curtailed: curtailed, gridImport: [0, 0, 0, 0],
                    gridExport: [0, 0, 0, 0])
    }

    @Test("a plan that fits the day is followed as made")
    func fits() {
        // Spare 400, 400, then a lack of 300 and 300. Charge 400 + 400 from 100 Wh: 900 (the maximum);
        // discharge 300 + 300 draws 600 / 0.8 = 750: 150 Wh left.
        let dispatch = ScheduleDispatch(plan: Self.plan(charge: [400, 400, 0, 0], discharge: [0, 0, 300, 300]),
                                        devices: [Self.device], initialWh: [100], load: [100, 100, 400, 400],
                                        generation: [500, 500, 100, 100], gridCharging: false)
        #expect(dispatch.charge == [[400, 400, 0, 0]] && dispatch.discharge == [[0, 0, 300, 300]])
        #expect(dispatch.endWh == [150])
    }

    @Test("less sun than forecast: the battery charges only what is spare, and then holds less to give")
    func lessSun() {
        // Planned 400 + 400, but only 200 and 0 are spare: charged 200, 100 + 200 = 300 Wh stored.
        // Discharge: 300 lacked, but only (300 - 100) x 0.8 = 160 Wh are above the minimum; then none.
        let dispatch = ScheduleDispatch(plan: Self.plan(charge: [400, 400, 0, 0], discharge: [0, 0, 300, 300]),
                                        devices: [Self.device], initialWh: [100], load: [100, 100, 400, 400],
                                        generation: [300, 100, 100, 100], gridCharging: false)
        #expect(dispatch.charge == [[200, 0, 0, 0]] && dispatch.discharge == [[0, 0, 160, 0]])
        #expect(dispatch.endWh == [100])
    }

    @Test("with grid charging (cost) the plan is followed where the day has no spare generation, up to the room")
    func gridCharging() {
        // No sun: charge 400 then 400 from the grid, but only 900 - 500 = 400 Wh of room after the first.
        // Discharge 300 with no lack (selling to the grid is allowed): (800 - 100) x 0.8 = 560 >= 300.
        let dispatch = ScheduleDispatch(plan: Self.plan(charge: [400, 500, 0, 0], discharge: [0, 0, 300, 0]),
                                        devices: [Self.device], initialWh: [100], load: [0, 0, 0, 0],
                                        generation: [0, 0, 0, 0], gridCharging: true)
        #expect(dispatch.charge == [[400, 400, 0, 0]] && dispatch.discharge == [[0, 0, 300, 0]])
        // 100 + 800 - 300 / 0.8 = 525 Wh.
        #expect(dispatch.endWh == [525])
    }

    @Test("planned curtailment takes only generation that would be exported")
    func curtailment() {
        // Interval 0: 500 generated, 100 taken, 400 charged: nothing to export, nothing curtailed.
        // Interval 1: 500 generated, 100 taken, battery full at 900 after 400 + 400: 400 exported, 300 cut.
        let dispatch = ScheduleDispatch(plan: Self.plan(charge: [400, 400, 0, 0], discharge: [0, 0, 0, 0],
                                                        curtailed: [200, 300, 0, 0]),
                                        devices: [Self.device], initialWh: [100], load: [100, 100, 0, 0],
                                        generation: [500, 900, 0, 0], gridCharging: false)
        #expect(dispatch.charge == [[400, 400, 0, 0]])
        #expect(dispatch.curtailed == [0, 300, 0, 0])
    }

    @Test("the state of charge is kept exactly: 1,500 Wh stored at 0.9 give 500 + 500 + 350, not 349")
    func exactLevel() throws {
        let device = try StorageDevice(id: "b", name: "B", capacityWh: 2_000, chargeW: 1_000, dischargeW: 1_000,
                                       efficiency: Fixed6(millionths: 900_000), chargeMeter: "in",
                                       dischargeMeter: "out")
        // 1,500 stored x 0.9 = 1,350 Wh to give: 500 + 500 + 350 exactly (a Wh-rounded level would give 349).
        let dispatch = ScheduleDispatch(plan: Self.plan(charge: [0, 0, 0, 0], discharge: [500, 500, 500, 0]),
                                        devices: [device], initialWh: [1_500], load: [500, 500, 500, 500],
                                        generation: [0, 0, 0, 0], gridCharging: false)
        #expect(dispatch.discharge == [[500, 500, 350, 0]])
        #expect(dispatch.endWh == [0])
    }
}
