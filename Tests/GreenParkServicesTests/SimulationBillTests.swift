import GreenParkCore
import Testing

@testable import GreenParkServices

@Suite("What-if bills priced as settle prices them")
struct SimulationBillTests {
    @Test("storage per device: a member's own battery at 0, another's at its price; a shaped PPA at its mean")
    func storageAndShapedPrices() throws {
        let battery = try StorageDevice(id: "bess", name: "B", capacityWh: 1_000, chargeW: 1_000, dischargeW: 1_000,
                                        efficiency: .one, owner: .member("a"), chargeMeter: "in", dischargeMeter: "out")
        var settings = SettlementSettings(tariff: "t", ppa: ["g": Fixed6(40), "w": .zero])
        settings.storagePrices["bess"] = Fixed6(50)
        settings.ppaByPeriod["w"] = ["flat": Fixed6(30), "peak": Fixed6(50)]
        let tariff = Tariff(id: "t", name: "T", province: "P", version: "1", source: "test",
                            prices: ["flat": Fixed6(100)],
                            seasons: [Tariff.Season(months: Set(1...12),
                                                    windows: [Tariff.Window(startMinute: 0, endMinute: 1440,
                                                                            period: "flat")])])
        let park = Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
                        members: ["a", "b"].map { Member(id: $0, name: $0, meters: [$0 + "1"]) }, generators: [],
                        settlement: settings, storage: [battery])
        let lines: [String: Int64] = ["storage:bess": 2_000, "green:w": 1_000, "grid:flat": 500]
        // b: 2,000 Wh x 50 = 100; w's shaped PPA at (30 + 50) / 2 = 40: 1,000 x 40 = 40; grid 500 x 100 = 50.
        #expect(SimulationBill.fen(member: "b", lines: lines, park: park, tariff: tariff) == 190)
        // a owns the battery: its own energy at 0.
        #expect(SimulationBill.fen(member: "a", lines: lines, park: park, tariff: tariff) == 90)
    }
}
