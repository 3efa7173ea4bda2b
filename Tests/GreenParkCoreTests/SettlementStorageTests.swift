@testable import GreenParkCore
import Testing

/// A park with a battery settled by hand (docs/settlement.md, "Storage"): members a and b,
/// generator g (PPA 40 fen/kWh), battery bess (storage price 50), export 20, grid 100 (one
/// flat period), VAT 13 %, four quarter hours allocated pro rata.
@Suite("Settlement with storage: bills, generator and storage statements, the checks")
struct SettlementStorageTests {
    static let start = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
    let park: Park
    let battery: StorageDevice
    let settings = SettlementSettings(tariff: "t", ppa: ["g": Fixed6(40)], exportPrice: Fixed6(20))
    let tariff = Tariff(id: "t", name: "T", province: "P", version: "1", source: "test", prices: ["flat": Fixed6(100)],
                        seasons: [Tariff.Season(months: Set(1...12), windows: [SettlementTests.allDay])])

    init() throws { try self.init(owner: .park) }

    init(owner: StorageOwner) throws {
        battery = try StorageDevice(id: "bess", name: "Battery", capacityWh: 10_000, chargeW: 10_000,
                                    dischargeW: 10_000, efficiency: Fixed6(parsing: "0.9")!, owner: owner,
                                    chargeMeter: "bess-in", dischargeMeter: "bess-out")
        park = Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
            members: [Member(id: "a", name: "A", meters: ["a1"]), Member(id: "b", name: "B", meters: ["b1"])],
            generators: [Generator(id: "g", name: "G", technology: .solarPV, capacityKW: Fixed6(100),
                                   commissioned: CivilDate(year: 2023, month: 1, day: 1),
                                   registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")],
            storage: [battery])
    }

    /// t0: a 1,000, b 1,000, g 3,000, the battery charges 800 (from g's 1,000 left);
    /// t1: a 1,000, b 500, discharge 1,200 (pro rata: a 800, b 400; grid a 200, b 100);
    /// t2: the battery charges 300 from the grid; t3: a 200, discharge 500 (a 200, 300 exported).
    func data(charge: [Int64] = [800, 0, 300, 0], discharge: [Int64] = [0, 1200, 0, 500]) -> PeriodData {
        let problem = AllocationProblem(memberCount: 2, generatorCount: 1, intervalCount: 4,
                                        consumption: [1000, 1000, 1000, 500, 0, 0, 200, 0],
                                        generation: [3000, 0, 0, 0])
        var data = PeriodData(from: Self.start, to: Self.start.adding(seconds: 3600), resolution: .quarterHour,
                              problem: problem)
        data.storage = StorageSeries(devices: [battery], intervalCount: 4, charge: charge, discharge: discharge)
        return data
    }

    func settle(_ data: PeriodData, settings: SettlementSettings? = nil,
                combined change: ((AllocationOutcome) -> AllocationOutcome)? = nil) throws -> Settlement {
        let rule = AllocationRule(key: .proRata, memberCount: 2, generatorCount: 1)
        let (direct, combined) = try StorageAllocation.run(rule: rule, problem: data.problem, storage: data.storage!)
        return Settlement(park: park, settings: settings ?? self.settings, tariff: tariff, data: data,
                          outcome: direct, touPeriod: Array(repeating: "flat", count: 4), sharedIDs: [], shared: [],
                          storage: Settlement.StorageInput(series: data.storage!,
                                                           combined: change?(combined) ?? combined,
                                                           prices: [Fixed6(50)]))
    }

    @Test("worked by hand: every Wh billed once, every fen paid to someone")
    func workedExample() throws {
        let s = try settle(data())
        // a: green 1,000 x 40 = 40; storage 800 + 200 = 1,000 x 50 = 50; grid 200 x 100 = 20;
        //    net 110, VAT 14.3 -> 14, total 124.
        #expect(s.bills[0].lines.map(\.kind) == [.green, .storage, .grid])
        #expect(s.bills[0].lines.map(\.energyWh) == [1000, 1000, 200])
        #expect(s.bills[0].lines.map(\.amountFen) == [40, 50, 20] && s.bills[0].totalFen == 124)
        // b: green 1,000 x 40 = 40; storage 400 x 50 = 20; grid 100 x 100 = 10; net 70, VAT 9.1 -> 9, total 79.
        #expect(s.bills[1].lines.map(\.amountFen) == [40, 20, 10] && s.bills[1].totalFen == 79)
        // g: sales 40 + 40, to the battery 800 x 40 = 32, export 3,000 - 2,000 - 800 = 200 x 20 = 4: 116.
        #expect(s.statements[0].lines.map(\.kind) == [.sale, .sale, .storageSale, .export])
        #expect(s.statements[0].lines.map(\.energyWh) == [1000, 1000, 800, 200])
        #expect(s.statements[0].totalFen == 116)
        // bess: sales a 1,000 x 50 = 50, b 400 x 50 = 20; export 300 x 20 = 6; bought from g -32;
        //       grid charge 300 x 100 = -30: 14.
        #expect(s.statements[1].generator == "bess")
        #expect(s.statements[1].lines.map(\.kind) == [.sale, .sale, .export, .purchase, .gridCharge])
        #expect(s.statements[1].lines.map(\.amountFen) == [50, 20, 6, -32, -30] && s.statements[1].totalFen == 14)
        // Grid company: members' grid 20 + 10 and the battery's grid charge 30 = 60. VAT 14 + 9 = 23.
        #expect(s.gridCompanyFen == 60 && s.vatFen == 23)
        // In: bills 124 + 79, exports 4 + 6 = 213. Out: statements 116 + 14, grid 60, VAT 23 = 213.
        #expect(s.moneyInFen == 213 && s.moneyOutFen == 213)
        let checks = s.checks(data: data(), sharedCosts: [])
        #expect(checks.allSatisfy { $0.passes })
        #expect(checks.map(\.id) == ["billed-energy", "billed-energy", "generator-energy", "storage-discharge"])
        // a consumed 1,000 + 1,000 + 200 = 2,200 Wh: green 1,000 + storage 1,000 + grid 200.
        #expect(checks[0].expected == 2200 && checks[3].expected == 1700)
    }

    @Test("storage-discharge fails when the members are given more than the battery discharged in an interval")
    func storageDischargeFails() throws {
        // a is given 900 of t1's 1,200 instead of 800 (1,300 in all): not netted against t3's export of 300.
        let bumped = { (c: AllocationOutcome) -> AllocationOutcome in
            var allocated = c.allocated, bySource = c.bySource
            allocated[1 * 2 + 0] += 100
            bySource[(1 * 2 + 0) * 2 + 1] += 100
            return AllocationOutcome(memberCount: 2, generatorCount: 2, intervalCount: 4, allocated: allocated,
                                     bySource: bySource, surplus: c.surplus, excluded: c.excluded)
        }
        let d = data()
        let failed = try settle(d, combined: bumped).checks(data: d, sharedCosts: []).filter { !$0.passes }
        // Sold 1,100 + 400, exported 0 in t1 and 300 in t3: 1,800 Wh for 1,700 discharged.
        #expect(failed == [SettlementCheck(id: "storage-discharge", party: "bess", expected: 1700, actual: 1800,
                                           unit: "Wh")])
        #expect(failed[0].description == "storage-discharge of bess: 1800 Wh sold or exported, 1700 Wh discharged")
    }

    @Test("worked by hand: a battery owned by a takes a's use at 0; it pays the fees on its green charge")
    func ownerAndFees() throws {
        let owned = try SettlementStorageTests(owner: .member("a"))
        var settings = self.settings
        settings.transmissionFee = Fixed6(5)
        settings.systemFee = Fixed6(1)
        let s = try owned.settle(owned.data(), settings: settings)
        // a: green 1,000 x 40 = 40; its own battery's 1,000 Wh at 0; grid 20; fees on green 1,000 x 5 = 5 and
        //    1,000 x 1 = 1: net 66, VAT 8.58 -> 9, total 75.
        #expect(s.bills[0].lines.map(\.kind) == [.green, .storage, .grid, .transmissionFee, .systemFee])
        #expect(s.bills[0].lines.map(\.amountFen) == [40, 0, 20, 5, 1] && s.bills[0].totalFen == 75)
        // b: 40 + 20 + 10 + 5 + 1 = 76, VAT 9.88 -> 10, total 86.
        #expect(s.bills[1].totalFen == 86)
        // bess: sales a 0, b 20; export 6; bought -32; fees on its 800 Wh of green charge: 800 x 5 = -4 and
        //       800 x 1 = -0.8 -> -1 (rounded); grid charge -30: -41.
        #expect(s.statements[1].lines.map(\.kind) == [.sale, .sale, .export, .purchase, .transmissionFee,
                                                      .systemFee, .gridCharge])
        #expect(s.statements[1].lines.map(\.amountFen) == [0, 20, 6, -32, -4, -1, -30])
        #expect(s.statements[1].totalFen == -41)
        // Grid company: grid 20 + 10, fees 6 + 6, the battery's grid charge 30 and fees 4 + 1 = 77. VAT 9 + 10.
        #expect(s.gridCompanyFen == 77 && s.vatFen == 19)
        // In: 75 + 86 + exports 4 + 6 = 171. Out: 116 - 41 + 77 + 19 = 171.
        #expect(s.moneyInFen == 171 && s.moneyOutFen == 171)
    }

    @Test("a device without a price is priced at the generators' PPA prices averaged by capacity")
    func defaultPrice() {
        var s = SettlementSettings(tariff: "t", ppa: ["pv": Fixed6(38), "wind": Fixed6(33)])
        let generators = [("pv", 1000), ("wind", 3000)].map { id, kw in
            Generator(id: id, name: id, technology: .solarPV, capacityKW: Fixed6(Int64(kw)),
                      commissioned: CivilDate(year: 2023, month: 1, day: 1),
                      registered: CivilDate(year: 2023, month: 1, day: 1), meter: id)
        }
        // (1,000 x 38 + 3,000 x 33) / 4,000 = 137,000 / 4,000 = 34.25
        #expect(s.storagePrice(device: "bess", generators: generators) == Fixed6(parsing: "34.25")!)
        // A shaped PPA has no flat price: wind is left out, 38 remains.
        var shaped = s
        shaped.ppaByPeriod["wind"] = ["flat": Fixed6(33), "peak": Fixed6(45)]
        #expect(shaped.storagePrice(device: "bess", generators: generators) == Fixed6(38))
        s.storagePrices["bess"] = Fixed6(50)
        #expect(s.storagePrice(device: "bess", generators: generators) == Fixed6(50))
    }
}
