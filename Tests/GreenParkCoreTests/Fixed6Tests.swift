import GreenParkCore
import Testing

@Suite("Exact decimals of the park file")
struct Fixed6Tests {
    @Test("parse exactly, never through binary floating point")
    func parse() {
        #expect(Fixed6(parsing: "0.30")?.millionths == 300_000)
        #expect(Fixed6(parsing: "0.1")!.millionths + Fixed6(parsing: "0.2")!.millionths == 300_000) // 0.1 + 0.2 is exactly 0.3
        #expect(Fixed6(parsing: "21000")?.millionths == 21_000_000_000)
        #expect(Fixed6(parsing: "-1.25")?.millionths == -1_250_000)
        #expect(Fixed6(parsing: ".5")?.millionths == 500_000)
        #expect(Fixed6(parsing: "0.0000001") == nil) // 7 decimals cannot be exact
        #expect(Fixed6(parsing: "1,5") == nil)
        #expect(Fixed6(parsing: "") == nil)
        #expect(Fixed6(parsing: "99999999999999") == nil) // overflows millionths
    }

    @Test("the largest values parse, one millionth more is nil, never a trap")
    func limits() {
        // Int64.max = 9,223,372,036,854,775,807 millionths.
        #expect(Fixed6(parsing: "9223372036854.775807")?.millionths == Int64.max)
        #expect(Fixed6(parsing: "-9223372036854.775807")?.millionths == -Int64.max)
        // 9,223,372,036,854 x 10^6 fits, + 900,000 does not: this trapped before.
        #expect(Fixed6(parsing: "9223372036854.9") == nil)
        #expect(Fixed6(parsing: "9223372036854.775808") == nil)
        #expect(Fixed6(parsing: "-9223372036854.775808") == nil)
        #expect(Fixed6(parsing: "9223372036854775807") == nil)
        #expect(Fixed6(parsing: "-0")?.millionths == 0)
        #expect(Fixed6(millionths: Int64.max).adding(Fixed6(millionths: 1)) == nil)
        #expect(Fixed6(millionths: 2).adding(Fixed6(millionths: 3)) == Fixed6(millionths: 5))
    }

    @Test("shortest exact text")
    func text() {
        #expect(Fixed6(millionths: 300_000).description == "0.3")
        #expect(Fixed6(millionths: 2_000_000).description == "2")
        #expect(Fixed6(millionths: -1_250_000).description == "-1.25")
        #expect(Fixed6(millionths: 1).description == "0.000001")
    }

    @Test("generator capacity gives the plausible maximum energy per interval")
    func plausibleMaximum() {
        let park = Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "x"),
            members: [Member(id: "m", name: "M", meters: ["m1"])],
            generators: [Generator(id: "g", name: "G", technology: .wind, capacityKW: Fixed6(1000),
                                   commissioned: CivilDate(year: 2023, month: 1, day: 1), registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")],
            meters: [MeterSpec(id: "m1", maxKW: Fixed6(400))])
        let catalogue = park.meterCatalogue
        #expect(catalogue.map(\.id) == ["m1", "g1"])
        // 400 kW for 15 minutes = 100 kWh = 100,000 Wh
        #expect(catalogue[0].maxEnergyWh(overSeconds: 900) == 100_000)
        // 1000 kW * 1.10 margin = 1,100 kW; for 15 minutes 275,000 Wh
        #expect(catalogue[1].maxEnergyWh(overSeconds: 900) == 275_000)
    }
}
