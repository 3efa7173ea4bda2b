@testable import GreenParkCore
import Testing

@Suite("Storage: where a charge comes from (StorageChargeSplit)")
struct StorageChargeSplitTests {
    @Test("worked by hand: two devices share what two generators have left, the rest from the grid")
    func example() throws {
        // g1 and g2 have 600 and 400 Wh left (the one member takes nothing); b1 and b2 charge 500 and
        // 1,500: they share min(1,000, 2,000) = 1,000 as 250 and 750 (in proportion to 500 : 1,500);
        // b1's 250 is 150 from g1 and 100 from g2 (600 : 400), b2's 750 is 450 and 300.
        let problem = AllocationProblem(memberCount: 1, generatorCount: 2, intervalCount: 1, consumption: [0],
                                        generation: [600, 400])
        let devices = try ["b1", "b2"].map {
            try StorageDevice(id: $0, name: $0, capacityWh: 10_000, chargeW: 10_000, dischargeW: 10_000,
                              efficiency: .one, chargeMeter: $0 + "-in", dischargeMeter: $0 + "-out")
        }
        let series = StorageSeries(devices: devices, intervalCount: 1, charge: [500, 1500], discharge: [0, 0])
        let (_, combined) = try StorageAllocation.run(rule: AllocationRule(key: .proRata, memberCount: 1,
                                                                           generatorCount: 2),
                                                      problem: problem, storage: series)
        var split = StorageChargeSplit(generators: 2, devices: 2)
        split.split(interval: 0, problem: problem, combined: combined, storage: series)
        #expect(split.leftover == [600, 400])
        #expect(split.green == [250, 750])
        #expect(split.bySource == [150, 100, 450, 300])
        // From the grid: 500 - 250 = 250 and 1,500 - 750 = 750.
        #expect(zip(series.charge, split.green).map { $0 - $1 } == [250, 750])
    }
}
