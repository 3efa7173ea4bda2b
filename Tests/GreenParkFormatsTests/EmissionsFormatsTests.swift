import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Emission factors as data, reporting periods and the report's languages")
struct EmissionsFormatsTests {
    let local = LocalTime(identifier: "Asia/Shanghai")!

    @Test("the shipped table: both years, the residual proxies and a labelled CBAM placeholder")
    func shipped() throws {
        let table = try EmissionFactorCatalog.shipped()
        #expect(try table.resolve(.table("national"), year: 2022).kgPerKWh == Fixed6(parsing: "0.5366"))
        #expect(try table.resolve(.table("national-excl-nonfossil"), year: 2023).kgPerKWh == Fixed6(parsing: "0.6096"))
        #expect(try table.resolve(.table("southwest"), year: 2023).kgPerKWh == Fixed6(parsing: "0.2472"))
        let cbam = try table.resolve(.table("cbam_grid_default"), year: 2023)
        #expect(cbam.kgPerKWh == Fixed6(parsing: "0.5306") && cbam.source.hasPrefix("placeholder"))
    }

    @Test("a park's own table replaces shipped rows of the same year and name")
    func userTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-factors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "year,name,kind,kg_per_kwh,source\n2023,cbam_grid_default,cbam,0.6,Commission default (test)\n2024,east,location,0.5,own\n"
            .write(to: dir.appendingPathComponent("factors.csv"), atomically: true, encoding: .utf8)
        var park = ImportFixtures.park
        park.emissionFactors.table = "factors.csv"
        let table = try EmissionFactorSources.table(for: park, parkDirectory: dir)
        #expect(try table.resolve(.table("cbam_grid_default"), year: 2023).kgPerKWh == Fixed6(parsing: "0.6"))
        #expect(try table.resolve(.table("east"), year: 2024).source == "own")
        #expect(try table.resolve(.table("east"), year: 2023).kgPerKWh == Fixed6(parsing: "0.55"))
        try "version: own-2025\nrows:\n  - {year: 2023, name: cbam_grid_default, kind: cbam, kg_per_kwh: 0.583, source: \"Commission default (test)\"}\n"
            .write(to: dir.appendingPathComponent("factors.yaml"), atomically: true, encoding: .utf8)
        park.emissionFactors.table = "factors.yaml"
        #expect(try EmissionFactorSources.table(for: park, parkDirectory: dir).resolve(.table("cbam_grid_default"), year: 2023).kgPerKWh == Fixed6(parsing: "0.583"))
        try "rows:\n  - {year: 2023, name: x, kind: cbam, kg_per_kwh: 0.1234567, source: s}\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        park.emissionFactors.table = "bad.yaml"
        #expect(throws: FactorDataError.self) { try EmissionFactorSources.table(for: park, parkDirectory: dir) }
        park.emissionFactors.table = "missing.csv"
        #expect(throws: FactorDataError.self) { try EmissionFactorSources.table(for: park, parkDirectory: dir) }
    }

    @Test("hourly factors: one per hour, gaps take the annual value, mistakes are named by line")
    func hourly() throws {
        let from = Timestamp(CivilDate(year: 2023, month: 1, day: 1)), to = from.adding(seconds: 4 * 3600)
        let values = try EmissionFactorSources.parseHourly(
            "hour_start,kg_per_kwh\n2023-01-01T00:00:00Z,0.4\n2023-01-01T10:00:00+08:00,0.7\n2022-12-31T23:00:00Z,9\n",
            name: "h.csv", from: from, to: to, fallback: Fixed6(parsing: "0.55")!)
        #expect(values.map(\.description) == ["0.4", "0.55", "0.7", "0.55"])
        for (text, line) in [("2023-01-01T00:30:00Z,0.4", 2), ("2023-01-01T00:00:00Z,-1", 2), ("2023-01-01T00:00:00Z,0.4\n2023-01-01T00:00:00Z,0.5", 3), ("nonsense", 2)] {
            do {
                _ = try EmissionFactorSources.parseHourly("hour_start,kg_per_kwh\n" + text, name: "h.csv", from: from, to: to, fallback: .zero)
                Issue.record("accepted \(text)")
            } catch let error as FactorDataError {
                #expect(error.message.hasPrefix("h.csv:\(line):"), "\(error.message)")
            }
        }
    }

    @Test("reporting periods: a local year has twelve months of the right length")
    func periods() {
        let from = local.startOfDay(CivilDate(year: 2023, month: 1, day: 1)), to = local.startOfDay(CivilDate(year: 2024, month: 1, day: 1))
        let (whole, months) = ReportingPeriods.of(from: from, to: to, local: local)
        #expect(whole.label == "2023" && whole.hours == 0..<8760)
        #expect(months.count == 12 && months[0].label == "2023-01" && months[0].hours == 0..<744 && months[1].hours == 744..<1416)
        #expect(months.last!.hours.upperBound == 8760)
        let spring = ReportingPeriods.wholeLabel(from: local.startOfDay(CivilDate(year: 2023, month: 3, day: 1)), to: local.startOfDay(CivilDate(year: 2023, month: 6, day: 1)), local: local)
        #expect(spring == "2023-03-01 to 2023-05-31")
        #expect(ReportingPeriods.wholeLabel(from: from, to: local.startOfDay(CivilDate(year: 2023, month: 2, day: 1)), local: local) == "2023-01")
    }

    @Test("every report text exists in both languages, English without Chinese and Chinese without English words")
    func languages() {
        let allowedLatin: Set<String> = ["CBAM", "min", "CO", "CFE", "V"]  // "V" of §45V, a proper name
        for key in ReportText.allCases {
            let (en, zh) = key.pair
            #expect(!en.isEmpty && !zh.isEmpty)
            #expect(!en.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(en)")
            let words = zh.split { !$0.isASCII || !$0.isLetter }.map(String.init).filter { !$0.isEmpty }
            #expect(words.allSatisfy { allowedLatin.contains($0) }, "\(zh): \(words)")
        }
        for number in 1...8 {
            for text in [ReportCriteriaText.name(number, .zh), ReportCriteriaText.explanation(number, .zh)] {
                let words = text.split { !$0.isASCII || !$0.isLetter }.filter { !$0.isEmpty }
                #expect(words.allSatisfy { allowedLatin.contains(String($0)) }, "\(text)")
            }
        }
    }
}
