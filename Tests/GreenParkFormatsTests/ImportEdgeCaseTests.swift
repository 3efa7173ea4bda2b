import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Readings import: edge cases found in review")
struct ImportEdgeCaseTests {
    typealias F = ImportFixtures
    let header = "meter_id,interval_start,energy_wh\n"

    @Test("a header without rows is rejected, not logged as an import")
    func headerOnly() {
        #expect(F.rejection(header)?.issues.map(\.code) == ["readings.no-data"])
        #expect(F.rejection("interval_start,a1\n2023-01-01T00:00:00Z,\n")?.issues.map(\.code) == ["readings.no-data"])
    }

    @Test("the problems shown are those on the first lines, whichever check found them")
    func firstProblemsFirst() {
        var text = header + "a1,2023-01-01T00:07:00Z,1\n" // line 2: misaligned (found late, by the accumulator)
        for i in 0..<250 { text += "a1,bad-\(i),1\n" }
        let rejected = F.rejection(text)
        #expect(rejected?.totalIssues == 251)
        #expect(rejected?.issues.sorted { $0.line < $1.line }.first?.line == 2)
        #expect(rejected?.message.split(separator: "\n").first?.contains(":2: ") == true)
    }

    @Test("sorted 5-minute data larger than the memory budget imports (recent days stay resident)")
    func fineDataBeyondBudget() throws {
        // 16 MiB holds ~1.29 M cells = ~4,470 meter-days of 288 five-minute cells; 2 meters x 2,400 days is more.
        var text = "interval_start,a1_wh,b1_wh\n"
        let t0: Int64 = 1_262_304_000 // 2010-01-01
        for k in 0..<(2_400 * 288) { text += "\(Timestamp(seconds: t0 + Int64(k) * 300)),1,2\n" }
        let store = InMemoryReadingStore()
        let report = try F.importText(text, into: store, options: F.options { $0.memoryBudgetMB = 16 })
        #expect(report.statistics.added == 2 * 2_400 * 96)
        #expect(try F.stored(store, "b1").allSatisfy { $0.1 == 6 }) // 3 x 2 Wh per quarter hour
    }

    @Test("the same file again after a correction is still 'already imported'")
    func reimportAfterCorrection() throws {
        let store = InMemoryReadingStore()
        let original = try F.file(header + "a1,2023-01-01T00:00:00Z,100\n")
        let importer = ReadingsImporter(park: F.park, store: store)
        _ = try importer.importFile(at: original, options: F.options())
        try F.importText(header + "a1,2023-01-01T00:00:00Z,200\n", into: store, options: F.options { $0.replace = true })
        let again = try importer.importFile(at: original, options: F.options())
        #expect(again.alreadyImported != nil)
        #expect(try F.stored(store, "a1").map(\.1) == [200])
    }

    @Test("hourly data at local hour starts of a +05:30 zone fits the 15-minute grid")
    func halfHourOffset() throws {
        var text = "interval_start,g1_wh\n"
        for h in 0..<4 { text += "2023-01-01T0\(h):00:00+05:30,400\n" }
        let store = InMemoryReadingStore()
        try F.importText(text, into: store, options: F.options { $0.split = .even })
        let rows = try F.stored(store, "g1")
        #expect(rows.first?.0 == "2022-12-31T18:30:00Z")
        #expect(rows.count == 16 && rows.allSatisfy { $0.1 == 100 })
    }

    @Test("header mistakes: two energy columns, a meter twice")
    func headerMistakes() {
        #expect(F.rejection("meter_id,interval_start,energy_kwh,energy_wh\na1,2023-01-01T00:00:00Z,1,1\n")?.issues.first?.code == "readings.header")
        #expect(F.rejection("interval_start,a1,a1_kwh\n2023-01-01T00:00:00Z,1,1\n")?.issues.first?.code == "readings.header")
        #expect(F.rejection("interval_start,a1,a1\n2023-01-01T00:00:00Z,1,1\n")?.issues.first?.code == "readings.header")
    }

    @Test("spreadsheet empty rows (only separators) are skipped; values before 1970 are refused")
    func emptyRowsAndOldDates() throws {
        let store = InMemoryReadingStore()
        try F.importText(header + "a1,2023-01-01T00:00:00Z,1\n,,\n  \n", into: store)
        #expect(try F.stored(store, "a1").count == 1)
        #expect(F.rejection(header + "a1,1969-12-31T23:45:00Z,1\n")?.issues.first?.reason.contains("before 1970") == true)
    }

    @Test("a dry run reports what would happen and stores nothing")
    func dryRun() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText(header + "a1,2023-01-01T00:00:00Z,1\na1,2023-01-01T00:30:00Z,1\n", into: store, options: F.options { $0.dryRun = true })
        #expect(report.dryRun)
        #expect(report.statistics.added == 2)
        #expect(report.gaps.count == 1)
        #expect(try store.imports().isEmpty)
        #expect(try F.stored(store, "a1").isEmpty)
    }
}
