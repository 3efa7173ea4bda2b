import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// Inputs whose values or size would overflow a computation or take quadratic time are
/// refused, with their place, in linear time (issue 10; found by analysis and by
/// `greenpark bench fuzz`).
@Suite("Input limits: factors, prices, long production files, many duplicate keys")
struct InputLimitsTests {
    @Test("emission factors above 10 kg CO2/kWh: park file, factor table, hourly series")
    func factors() throws {
        // 9223372036854 kg/kWh x a year of Wh overflowed the grams of Scope 2.
        let yaml = ParkYAML.minimal + "emission_factors:\n  location: 9223372036854\n"
        ParkYAML.expect(
            ParkYAML.onlyIssue(yaml), code: "park.out-of-range", line: 20, path: "emission_factors.location")
        #expect(throws: ReferenceDataMissing.self) {
            try EmissionFactorCatalog.parse(
                "year,name,kind,kg_per_kwh,source\n2023,east,location,10.000001,x\n", name: "t.csv")
        }
        #expect(throws: ReferenceDataMissing.self) {
            try EmissionFactorCatalog.parseYAML(
                "rows:\n  - {year: 2023, name: e, kind: location, kg_per_kwh: 11, source: x}\n", name: "t.yaml")
        }
        let from = Timestamp(seconds: 0)
        #expect(throws: FactorDataError.self) {
            try EmissionFactorSources.parseHourly(
                "hour_start,kg_per_kwh\n1970-01-01T00:00:00Z,1e3\n", name: "h.csv", from: from,
                to: from.adding(seconds: 3600), fallback: .zero)
        }
        #expect(
            try EmissionFactorCatalog.parse(
                "year,name,kind,kg_per_kwh,source\n2023,east,location,10,x\n", name: "t.csv"
            ).rows.count == 1)
    }

    @Test("settlement prices, fees and charges are bounded so that no bill can overflow")
    func settlementBounds() {
        // A 5-minute demand of 10^15 Wh is 1.2 x 10^13 kW; at 1,000,000 fen per kW that overflowed Int64 fen.
        let park =
            ParkYAML.minimal + """
                settlement:
                  tariff: t.yaml
                  ppa:
                    - generator: g
                      price_fen_per_kwh: 100000.000001
                  demand_charge_fen_per_kw_month: 1000000
                  capacity_charge_fen_per_month: 1000000000001

                """
        guard let rejected = ParkYAML.rejection(park) else { return }
        let outOfRange = rejected.issues.filter { $0.code == "park.out-of-range" }
        let paths = outOfRange.map { String($0.reason.prefix { $0 != ":" }) }.sorted()
        #expect(
            paths == [
                "settlement.capacity_charge_fen_per_month", "settlement.demand_charge_fen_per_kw_month",
                "settlement.ppa[0].price_fen_per_kwh",
            ], "\(rejected.issues)")
        #expect(outOfRange.allSatisfy { $0.line > 0 })
        let tariff =
            "id: t\nname: T\nprovince: p\nversion: v\nsource: s\nprices_fen_per_kwh:\n  flat: 100001\n"
            + "seasons:\n  - months: [1,2,3,4,5,6,7,8,9,10,11,12]\n    windows:\n"
            + "      - {from: \"00:00\", to: \"24:00\", period: flat}\n"
        #expect(throws: TariffError.self) { try TariffCatalog.parse(tariff, name: "t.yaml") }
        #expect(
            (try? TariffCatalog.parse(tariff.replacingOccurrences(of: "100001", with: "100000"), name: "t.yaml")) != nil
        )
    }

    @Test("a production file of 20,000 rows is checked for overlaps in linear time, and overlaps are still found")
    func longProductionFile() throws {
        let park = try ParkFile.parse(
            yaml: ParkYAML.replacing(
                "    meters: [a-main]\n",
                with: """
                        meters: [a-main]
                        installations:
                          - {id: kiln, name: Kiln, address: x, unlocode: CNHGH, meters: [a-main],
                             goods: [{cn_code: "25231000", category: cement}]}

                    """), fileName: "park.yaml"
        ).park
        // 20,000 quarter hours in a row, each its own period: the old check compared each row
        // with every earlier one (2 x 10^8 comparisons).
        var text = CBAMProductionReader.header + "\n"
        let start = Timestamp(seconds: 1_672_531_200)
        for k in 0..<20_000 {
            text +=
                "kiln,\(start.adding(seconds: Int64(k) * 900).iso8601),"
                + "\(start.adding(seconds: Int64(k + 1) * 900).iso8601),25231000,1,0\n"
        }
        let clock = ContinuousClock.now
        #expect(try CBAMProductionReader.parse(text, file: "p.csv", park: park).count == 20_000)
        #expect(ContinuousClock.now - clock < .seconds(20))
        // Row 3 (line 4) overlaps row 1 (line 2) without touching row 2: still found.
        let overlapping =
            CBAMProductionReader.header + "\n"
            + "kiln,2023-01-01T00:00:00Z,2023-01-01T03:00:00Z,25231000,1,0\n"
            + "kiln,2023-01-01T03:00:00Z,2023-01-01T04:00:00Z,25231000,1,0\n"
            + "kiln,2023-01-01T01:00:00Z,2023-01-01T02:00:00Z,25231000,1,0\n"
        do {
            _ = try CBAMProductionReader.parse(overlapping, file: "p.csv", park: park)
            Issue.record("accepted")
        } catch let rejected as InputRejected {
            #expect(
                rejected.issues.map(\.line) == [4] && rejected.issues[0].reason.contains("overlaps line 2"),
                "\(rejected.issues)")
        }
    }

    @Test("a large park file full of duplicate keys is recomposed only within a budget")
    func manyDuplicates() {
        // About 200 kB with 8,000 duplicate keys: the old recovery composed the whole file
        // again for each of 100 duplicates; now at most 1 MiB in all, here 5 times.
        let yaml = ParkYAML.minimal + "validation:\n" + String(repeating: "  capacity_margin: 0.1\n", count: 8_000)
        guard let rejected = ParkYAML.rejection(yaml) else { return }
        let attempts = ParkYAMLComposer.recoveryBudgetBytes / yaml.utf8.count
        #expect(
            rejected.issues.filter { $0.code == "park.duplicate-key" }.count <= attempts + 1, "\(rejected.totalIssues)")
        #expect(attempts < 100 && rejected.issues.allSatisfy { $0.line > 0 })
    }
}

@Suite("Input limits: file sizes")
struct FileSizeTests {
    @Test("a park file over 2 MiB, a tariff or policy profile over 1 MiB: refused before composing")
    func sizes() {
        // 2.1 MiB of one-word list items cost seconds to compose in YAML.
        let big = ParkYAML.minimal + "x:\n" + String(repeating: "  - a\n", count: 370_000)
        guard let rejected = ParkYAML.rejection(big) else { return }
        #expect(rejected.issues.map(\.code) == ["park.too-large"] && rejected.issues[0].line == 0)
        let filler = "# " + String(repeating: "x", count: 1 << 20) + "\n"
        #expect(throws: TariffError.self) { try TariffCatalog.parse(filler, name: "t.yaml") }
        #expect(throws: InputRejected.self) { try PolicyProfileCatalog.parse(filler, name: "p.yaml") }
    }
}

@Suite("Input limits: YAML nested deep")
struct DeepYAMLTests {
    @Test(
        "a park file, tariff or policy profile nested 100,000 deep is a syntax error with its line, not a crash",
        arguments: [999, 1_001, 100_000])
    func deep(depth: Int) {
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let park = ParkYAML.replacing("  name: Minimal Park\n", with: "  name: \(nested)\n")
        guard let rejected = ParkYAML.rejection(park) else { return }
        #expect(rejected.issues.count == 1 && rejected.issues[0].line > 0, "\(rejected.issues)")
        #expect(throws: TariffError.self) { try TariffCatalog.parse("id: \(nested)\n", name: "t.yaml") }
        #expect(throws: InputRejected.self) { try PolicyProfileCatalog.parse("id: \(nested)\n", name: "p.yaml") }
    }
}
