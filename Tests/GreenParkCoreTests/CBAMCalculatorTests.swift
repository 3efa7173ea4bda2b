@testable import GreenParkCore
import Testing

@Suite("CBAM indirect emissions per installation and good (DOMAIN.md 5)")
struct CBAMCalculatorTests {
    let t0 = Timestamp(CivilDate(year: 2023, month: 3, day: 1))
    let factor = EmissionFactor(year: 2023, name: "cbam_grid_default", kind: "cbam", kgPerKWh: Fixed6(parsing: "0.5306")!, source: "test")

    var park: Park {
        let kiln = Installation(id: "kiln-1", name: "Kiln line 1", address: "1 Quarry Rd", unlocode: "CNHGH", meters: ["m1", "m2"],
                                goods: [CBAMGood(cnCode: "25231000", category: .cement), CBAMGood(cnCode: "25232100", category: .cement)])
        return Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
                    members: [Member(id: "cement", name: "Cement Co", meters: ["m1", "m2", "m3"], installations: [kiln])],
                    generators: [Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2022, month: 1, day: 1),
                                           registered: CivilDate(year: 2022, month: 1, day: 1), meter: "g")])
    }

    /// Two quarter hours. Meters m1 600/300, m2 300/100, m3 (offices, no installation) 100/0:
    /// the member uses 1000 and 400 Wh and is allocated 500 and 400 Wh.
    func run(_ production: [CBAMProduction]) throws -> [CBAMCalculator.InstallationResult] {
        var data = PeriodData(from: t0, to: t0.adding(seconds: 1800), resolution: .quarterHour,
                              problem: AllocationProblem(memberCount: 1, generatorCount: 1, intervalCount: 2, consumption: [1000, 400], generation: [500, 400]),
                              gaps: [], gapIntervals: 0)
        data.meterConsumption = ["m1": [600, 300], "m2": [300, 100], "m3": [100, 0]]
        let outcome = AllocationOutcome(memberCount: 1, generatorCount: 1, intervalCount: 2, allocated: [500, 400], bySource: [], surplus: [0, 0])
        return try CBAMCalculator.run(park: park, data: data, outcome: outcome, production: production, gridFactor: factor)
    }

    @Test("worked by hand: green split among meters, electricity shared among goods, SEE")
    func handWorked() throws {
        let rows = [
            CBAMProduction(installation: "kiln-1", start: t0, end: t0.adding(seconds: 1800), cnCode: "25231000",
                           productionT: Fixed6(parsing: "1.5")!, directEmissionsT: Fixed6(parsing: "1.2")!),
            CBAMProduction(installation: "kiln-1", start: t0, end: t0.adding(seconds: 1800), cnCode: "25232100",
                           productionT: Fixed6(parsing: "0.5")!, directEmissionsT: Fixed6(parsing: "0.3")!),
        ]
        let result = try #require(try run(rows).first)
        // Interval 0: 500 Wh split 600 : 300 : 100 -> 300, 150, 50; the kiln (m1 + m2) uses 900, gets 450.
        // Interval 1: 400 Wh split 300 : 100 : 0 -> 300, 100, 0; the kiln uses 400, gets 400.
        #expect(result.electricityWh == 1300 && result.greenWh == 850 && result.gridWh == 450)
        // Indirect: 450 Wh x 0.5306 g/Wh = 238.77 -> 239 g.
        #expect(result.indirectGrams == 239)
        // Goods share by production 1.5 : 0.5: electricity 975 / 325; green 637.5 / 212.5 -> tie to the first: 638 / 212.
        let (grey, white) = (result.goods[0], result.goods[1])
        #expect(grey.electricityWh == 975 && white.electricityWh == 325)
        #expect(grey.greenWh == 638 && white.greenWh == 212 && grey.gridWh == 337 && white.gridWh == 113)
        // Indirect: 337 x 0.5306 = 178.8122 -> 179 g; 113 x 0.5306 = 59.9578 -> 60 g.
        #expect(grey.indirectGrams == 179 && white.indirectGrams == 60)
        // SEE direct 1.2 / 1.5 = 0.8; SEE indirect 179 g / 1.5 t = 0.000119333 t/t; 975 Wh / 1.5 t = 0.00065 MWh/t.
        #expect(grey.seeDirect == Ratio(1_200_000, 1_500_000) && grey.seeIndirect == Ratio(179, 1_500_000))
        #expect(grey.specificElectricity == Ratio(975, 1_500_000))
        // 2023 is in the transitional period: reported, no obligation.
        #expect(!grey.indirectInObligation && grey.obligationBasis.hasPrefix("transitional"))
    }

    @Test("which indirect emissions count in the obligation from 2026")
    func obligation() {
        let y2026 = Timestamp(CivilDate(year: 2026, month: 1, day: 1)).adding(seconds: -8 * 3600) // local midnight in Shanghai
        #expect(CBAMCalculator.obligation(category: .cement, cnCode: "25231000", start: y2026).0)
        #expect(CBAMCalculator.obligation(category: .fertilisers, cnCode: "31021010", start: y2026).0)
        #expect(CBAMCalculator.obligation(category: .ironSteel, cnCode: "26011200", start: y2026).0)
        #expect(!CBAMCalculator.obligation(category: .ironSteel, cnCode: "72081000", start: y2026).0)
        #expect(!CBAMCalculator.obligation(category: .aluminium, cnCode: "76011000", start: y2026).0)
        #expect(!CBAMCalculator.obligation(category: .hydrogen, cnCode: "28041000", start: y2026).0)
        #expect(!CBAMCalculator.obligation(category: .cement, cnCode: "25231000", start: y2026.adding(seconds: -86_400)).0)
    }

    @Test("overlapping production periods of one installation are refused")
    func overlap() throws {
        let rows = [
            CBAMProduction(installation: "kiln-1", start: t0, end: t0.adding(seconds: 1800), cnCode: "25231000", productionT: Fixed6(1), directEmissionsT: .zero, line: 2),
            CBAMProduction(installation: "kiln-1", start: t0.adding(seconds: 900), end: t0.adding(seconds: 1800), cnCode: "25232100", productionT: Fixed6(1), directEmissionsT: .zero, line: 3),
        ]
        #expect(throws: CBAMError.self) { try run(rows) }
    }

    @Test("largest-remainder shares: exact, summing to the amount, ties to the lower index")
    func shares() {
        #expect(LargestRemainder.shares(of: 10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(LargestRemainder.shares(of: 7, weights: [0, 0]) == [0, 0])
        #expect(LargestRemainder.shares(of: Int64.max, weights: [Int64.max, 1]).reduce(0, +) == Int64.max)
    }
}
