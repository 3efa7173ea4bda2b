import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Settlement data: tariffs, shared-cost proration, local minutes, PPA entries")
struct SettlementFormatsTests {
    @Test("the wall-clock minute of the day on daylight-saving days")
    func minuteOfDay() {
        let berlin = LocalTime(identifier: "Europe/Berlin")!
        // 2023-03-26: clocks go from 02:00 to 03:00 (UTC+2 from 01:00Z).
        #expect(berlin.minuteOfDay(Timestamp(CivilDate(year: 2023, month: 3, day: 26), hour: 5, minute: 45)) == 7 * 60 + 45)
        #expect(berlin.minuteOfDay(Timestamp(CivilDate(year: 2023, month: 3, day: 26), hour: 6)) == 8 * 60)
        #expect(berlin.minuteOfDay(Timestamp(CivilDate(year: 2023, month: 3, day: 25), hour: 7)) == 8 * 60)
    }

    @Test("the months of a year sum exactly to the annual shared cost")
    func prorationSums() {
        let local = LocalTime(identifier: "Asia/Shanghai")!
        let cost = SharedCost(id: "lines", name: "Lines", annualCostFen: 120_000_001, method: .equal)
        var total: Int64 = 0
        for month in 1...12 {
            let from = local.startOfDay(CivilDate(year: 2023, month: month, day: 1))
            let to = local.startOfDay(month == 12 ? CivilDate(year: 2024, month: 1, day: 1) : CivilDate(year: 2023, month: month + 1, day: 1))
            total += SharedCostReport.periodCost(cost, from: from, to: to, local: local)
        }
        #expect(total == 120_000_001)
        // A period across New Year takes each year's part.
        let winter = SharedCostReport.periodCost(cost, from: local.startOfDay(CivilDate(year: 2023, month: 12, day: 1)), to: local.startOfDay(CivilDate(year: 2024, month: 2, day: 1)), local: local)
        #expect(winter > 0)
    }

    @Test("tariff files: months 1 to 12, each in one season, every minute covered and priced")
    func tariffs() throws {
        let good = """
            id: t
            name: T
            province: P
            version: "1"
            source: s
            prices_fen_per_kwh: {peak: 100, valley: 30}
            seasons:
              - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                windows:
                  - {from: "00:00", to: "08:00", period: valley}
                  - {from: "08:00", to: "24:00", period: peak}
            """
        let tariff = try TariffCatalog.parse(good, name: "t.yaml")
        #expect(tariff.period(month: 6, minute: 7 * 60 + 59) == "valley" && tariff.period(month: 6, minute: 8 * 60) == "peak")
        for (bad, why) in [(good.replacingOccurrences(of: "11, 12]", with: "11, 12, 13]"), "not a month from 1 to 12"),
                           (good + "\n  - months: [6]\n    windows:\n      - {from: \"00:00\", to: \"24:00\", period: peak}\n", "in two seasons"),
                           (good.replacingOccurrences(of: "to: \"24:00\"", with: "to: \"23:00\""), "has no period"),
                           (good.replacingOccurrences(of: "period: peak", with: "period: flat"), "has no price")] {
            #expect(throws: TariffError.self) { try TariffCatalog.parse(bad, name: "t.yaml") }
            do { _ = try TariffCatalog.parse(bad, name: "t.yaml") } catch let error as TariffError { #expect(error.message.contains(why), "\(error.message)") }
        }
        #expect(Set(TariffCatalog.shippedIDs) == ["flat-peak-valley-example", "zhejiang-2026-example"])
        for id in TariffCatalog.shippedIDs { _ = try TariffCatalog.tariff(id, parkDirectory: URL(fileURLWithPath: "/")) }
    }

    @Test("PPA entries: one per generator, one kind of price")
    func ppaEntries() throws {
        let base = ParkYAML.minimal + "settlement:\n  tariff: flat-peak-valley-example\n  ppa:\n"
        let duplicate = try #require(ParkYAML.rejection(base + "    - {generator: g, price_fen_per_kwh: 30}\n    - {generator: g, price_fen_per_kwh: 99}\n"))
        #expect(duplicate.issues.contains { $0.reason.contains("has a PPA already") })
        let both = try #require(ParkYAML.rejection(base + "    - {generator: g, price_fen_per_kwh: 1, tou_prices_fen_per_kwh: {peak: 2}}\n"))
        #expect(both.issues.contains { $0.reason.contains("not both") })
        let park = try ParkFile.parse(yaml: base + "    - {generator: g, tou_prices_fen_per_kwh: {peak: 40, flat: 35, valley: 28}}\n", fileName: "park.yaml").park
        #expect(park.settlement?.ppaByPeriod["g"]?["valley"] == Fixed6(28))
    }
}
