import Foundation
@testable import GreenParkCore
import Testing

/// DOMAIN.md 4a's worked example, first on the queue alone, then through the whole
/// accounting of a one-member park with PV-1, W-1 and a battery of efficiency 0.9.
@Suite("Storage: DOMAIN.md 4a's worked example")
struct StorageExampleTests {
    static let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
    static func hour(_ h: Int64) -> Timestamp { day.adding(seconds: h * 3600) }
    static let efficiency = Fixed6(parsing: "0.9")!

    @Test("the queue: 2,000,000 PV and 1,000,000 wind and 500,000 grid in; 1,800,000 and 1,125,000 out")
    func queue() throws {
        var queue = StorageQueue(device: 0)
        try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(10), efficiency: Self.efficiency,
                                             greenByGenerator: [2_000_000, 0], gridWh: 0))
        try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(11), efficiency: Self.efficiency,
                                             greenByGenerator: [0, 1_000_000], gridWh: 0))
        try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(13), efficiency: Self.efficiency,
                                             greenByGenerator: [0, 0], gridWh: 500_000))
        // 19-20: 1,800,000 out needs 1,800,000 / 0.9 = 2,000,000 of charge: all of the PV record.
        let first = try queue.discharge(hour: Self.hour(19), wh: 1_800_000)
        #expect(first.draws.count == 1)
        #expect(first.draws[0].origin == .green(generator: 0) && first.draws[0].chargeHour == Self.hour(10))
        #expect(first.draws[0].chargeWh == 2_000_000 && first.releasedWh == 1_800_000)
        #expect(first.released(fromGenerator: 0) == 1_800_000 && first.unbackedWh == 0)
        // 20-21: 1,125,000 out needs 1,250,000: 1,000,000 from W-1 (-> 900,000 Wh of wind
        // certificates) and 250,000 from the grid (-> the remaining 225,000 Wh get none).
        let second = try queue.discharge(hour: Self.hour(20), wh: 1_125_000)
        #expect(second.draws.map(\.origin) == [.green(generator: 1), .grid])
        #expect(second.draws.map(\.chargeWh) == [1_000_000, 250_000])
        #expect(second.draws.map(\.releasedWh) == [900_000, 0])
        #expect(second.draws.map(\.outputMicroWh) == [900_000_000_000, 225_000_000_000])
        #expect(second.releasedWh == 900_000 && second.released(fromGenerator: 1) == 900_000)
        // Losses: (2,000,000 + 1,250,000) drawn - (1,800,000 + 1,125,000) out = 325,000, uncertified.
        #expect(first.drawnChargeWh + second.drawnChargeWh - 1_800_000 - 1_125_000 == 325_000)
        // 250,000 Wh of grid charge stay queued (worth 225,000 Wh of output).
        #expect(queue.queuedChargeWh() == 250_000 && queue.queuedChargeWh(from: .grid) == 250_000)
        #expect(queue.queuedOutputWh == 225_000 && queue.queuedRecords == 1)
    }

    @Test("the whole accounting: records, released certificates, losses and the policy figures")
    func accounting() throws {
        // One member, generators PV-1 and W-1, hourly intervals of one day.
        let count = 24
        var consumption = [Int64](repeating: 0, count: count)
        var generation = [Int64](repeating: 0, count: 2 * count)
        var charge = [Int64](repeating: 0, count: count), discharge = charge
        generation[10 * 2 + 0] = 2_000_000; charge[10] = 2_000_000   // PV-1 10-11, all into the battery
        generation[11 * 2 + 1] = 1_000_000; charge[11] = 1_000_000   // W-1 11-12
        charge[13] = 500_000                                          // 13-14 from the grid
        consumption[19] = 1_800_000; discharge[19] = 1_800_000
        consumption[20] = 1_125_000; discharge[20] = 1_125_000
        let problem = AllocationProblem(memberCount: 1, generatorCount: 2, intervalCount: count,
                                        consumption: consumption, generation: generation)
        let battery = try StorageDevice(id: "bess", name: "Battery", capacityWh: 5_000_000, chargeW: 3_000_000,
                                        dischargeW: 3_000_000, efficiency: Self.efficiency,
                                        chargeMeter: "bess-in", dischargeMeter: "bess-out")
        let storage = StorageSeries(devices: [battery], intervalCount: count, charge: charge, discharge: discharge)
        let rule = AllocationRule(key: .proRata, memberCount: 1, generatorCount: 2)
        let (direct, combined) = try StorageAllocation.run(rule: rule, problem: problem, storage: storage)
        // Nothing is consumed while the generators run: no direct allocation, all generation left over.
        #expect(direct.allocated.allSatisfy { $0 == 0 } && direct.surplus.reduce(0, +) == 3_000_000)
        let period = try StorageAccounting.run(memberIDs: ["m"], problem: problem, combined: combined,
                                               storage: storage, from: Self.day, step: 3600)
        #expect(period.chargeRecords.map(\.hour) == [Self.hour(10), Self.hour(11), Self.hour(13)])
        #expect(period.chargeRecords.map(\.greenWh) == [2_000_000, 1_000_000, 0])
        #expect(period.dischargeRecords.map(\.releasedWh) == [1_800_000, 900_000])
        let device = period.devices[0]
        #expect(device.chargedGreenWh == 3_000_000 && device.chargedGridWh == 500_000)
        #expect(device.dischargedWh == 2_925_000 && device.toMembersWh == 2_925_000 && device.exportedWh == 0)
        #expect(device.releasedWh == 2_700_000 && device.lossesWh == 325_000 && device.unbackedWh == 0)
        #expect(device.queuedWh == 250_000 && device.queuedGreenWh == 0)
        // The member received 2,925,000 Wh from storage, 2,700,000 of it green, in 19-20 and 20-21.
        #expect(period.members[0].fromStorageWh == 2_925_000 && period.members[0].greenFromStorageWh == 2_700_000)
        #expect(period.memberGreen(hour: Self.hour(19), member: 0) == 1_800_000)
        #expect(period.memberGreen(hour: Self.hour(20), member: 0) == 900_000)
        // Nothing fed into the grid: self-consumption (G - surplus) / G = 3,000,000 / 3,000,000 = 1;
        // green share = 2,700,000 / 2,925,000 = 0.923...
        #expect(period.surplusWh == 0 && period.generatorExportWh == [0, 0])
        #expect(period.greenToMembersWh == 2_700_000)
    }

    @Test("a discharge draws only on charge of earlier hours; records out of order are refused")
    func ordering() throws {
        var queue = StorageQueue(device: 0)
        try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(10), efficiency: .one,
                                             greenByGenerator: [1000], gridWh: 0))
        // A discharge in the hour of a record already queued would draw on it: refused.
        #expect(throws: StorageAccountingError.self) { try queue.discharge(hour: Self.hour(10), wh: 1) }
        let next = try queue.discharge(hour: Self.hour(11), wh: 400)
        #expect(next.releasedWh == 400)
        #expect(throws: StorageAccountingError.self) { try queue.discharge(hour: Self.hour(11), wh: 1) }
        #expect(throws: StorageAccountingError.self) {
            try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(9), efficiency: .one,
                                                 greenByGenerator: [1], gridWh: 0))
        }
        var fresh = StorageQueue(device: 0)
        let early = try fresh.discharge(hour: Self.hour(10), wh: 300)
        #expect(early.unbackedWh == 300 && early.releasedWh == 0 && early.draws.isEmpty)
    }
}
