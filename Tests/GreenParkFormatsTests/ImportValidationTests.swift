import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Readings import: validation (VEE)")
struct ImportValidationTests {
    typealias F = ImportFixtures
    let header = "meter_id,interval_start,energy_wh\n"

    func codes(_ body: String) -> [String]? { F.rejection(header + body)?.issues.map(\.code) }

    @Test("unknown meter: reported once with its first line")
    func unknownMeter() {
        let rejected = F.rejection(header + "a1,2023-01-01T00:00:00Z,1\nzz,2023-01-01T00:00:00Z,1\nzz,2023-01-01T00:15:00Z,1\n")
        #expect(rejected?.issues.map(\.code) == ["readings.unknown-meter"])
        #expect(rejected?.issues.first?.line == 3)
        #expect(rejected?.issues.first?.reason.contains("\"zz\"") == true)
    }

    @Test("unknown meter column in the wide layout")
    func unknownColumn() {
        let rejected = F.rejection("interval_start,a1,nope\n2023-01-01T00:00:00Z,1,2\n")
        #expect(rejected?.issues.first?.code == "readings.unknown-meter")
        #expect(rejected?.issues.first?.line == 1)
    }

    @Test("bad timestamps: malformed, no offset, impossible date")
    func badTimestamps() {
        let rejected = F.rejection(header + "a1,01.01.2023 00:00,1\na1,2023-01-01T00:15:00,1\na1,2023-02-30T00:00:00Z,1\n")
        #expect(rejected?.issues.map(\.code) == ["readings.bad-timestamp", "readings.bad-timestamp", "readings.bad-timestamp"])
        #expect(rejected?.issues.map(\.line) == [2, 3, 4])
        #expect(rejected?.issues[1].reason.contains("no UTC offset") == true)
    }

    @Test("misaligned interval start")
    func misaligned() {
        let rejected = F.rejection(header + "a1,2023-01-01T00:00:00Z,1\na1,2023-01-01T00:15:00Z,1\na1,2023-01-01T00:37:00Z,1\n")
        #expect(rejected?.issues.map(\.code) == ["readings.misaligned"])
        #expect(rejected?.issues.first?.line == 4)
    }

    @Test("negative values and values that are not numbers")
    func negative() {
        #expect(codes("a1,2023-01-01T00:00:00Z,-5\na1,2023-01-01T00:15:00Z,x\n") == ["readings.negative", "readings.not-a-number"])
    }

    @Test("above the plausible maximum: generator capacity with margin, or the meter's max_kw")
    func implausible() throws {
        // g1: 100 kW * 1.1 = 110 kW -> at most 27,500 Wh per 15 minutes
        let rejected = F.rejection(header + "g1,2023-01-01T00:00:00Z,27500\ng1,2023-01-01T00:15:00Z,27501\nb1,2023-01-01T00:00:00Z,10001\n")
        #expect(rejected?.issues.map(\.code) == ["readings.implausible", "readings.implausible"])
        #expect(rejected?.issues.map(\.line) == [3, 4])
        #expect(rejected?.issues.first?.reason.contains("110 kW") == true)
    }

    @Test("identical duplicates are harmless; conflicting ones name both lines")
    func duplicates() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText(header + "a1,2023-01-01T00:00:00Z,5\na1,2023-01-01T00:00:00Z,5\n", into: store)
        #expect(report.statistics.identicalDuplicates == 1)
        #expect(try F.stored(store, "a1").map(\.1) == [5])
        let rejected = F.rejection(header + "a1,2023-01-01T00:00:00Z,5\nb1,2023-01-01T00:00:00Z,5\na1,2023-01-01T00:00:00Z,6\n")
        #expect(rejected?.issues.map(\.code) == ["readings.conflict"])
        #expect(rejected?.issues.first?.line == 4)
        #expect(rejected?.issues.first?.reason.contains("line 2") == true)
    }

    @Test("a conflict is found even after its first row was written out (small memory budget)")
    func conflictAfterFlush() throws {
        // 16 MiB budget holds ~1.3 M cells = ~13,000 days: spread rows over more days than that.
        var text = header
        for day in 0..<14_000 { text += "a1,\(Timestamp(seconds: 315_532_800 + Int64(day) * 86_400)),1\n" } // from 1980
        text += "a1,1980-01-01T00:00:00Z,2\n"
        let rejected = F.rejection(text, options: F.options { $0.memoryBudgetMB = 16; $0.inputResolutionMinutes = 15 })
        #expect(rejected?.issues.map(\.code) == ["readings.conflict"])
        #expect(rejected?.issues.first?.line == 14_002)
        #expect(rejected?.issues.first?.reason.contains("line 2") == true)
    }

    @Test("intervals in the future are refused")
    func future() {
        #expect(codes("a1,2030-01-01T00:00:00Z,5\n") == ["readings.future"])
    }

    @Test("wrong field count and unrecognised header")
    func structure() {
        #expect(codes("a1,2023-01-01T00:00:00Z\n") == ["readings.field-count"])
        #expect(F.rejection("meter,time,value\na1,2023-01-01T00:00:00Z,1\n")?.issues.first?.code == "readings.header")
        #expect(F.rejection("# only a comment\n")?.issues.first?.code == "readings.empty")
    }

    @Test("gaps are listed as ranges per meter; the store's earlier values are not gaps")
    func gaps() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText(header + """
            a1,2023-01-01T00:00:00Z,1
            a1,2023-01-01T01:00:00Z,1
            b1,2023-01-01T00:00:00Z,1
            b1,2023-01-01T00:30:00Z,1
            """, into: store)
        let t0 = Timestamp(CivilDate(year: 2023, month: 1, day: 1))
        #expect(report.gaps == [
            GapRange(meter: "a1", start: t0.adding(seconds: 900), end: t0.adding(seconds: 3600), intervals: 3),
            GapRange(meter: "b1", start: t0.adding(seconds: 900), end: t0.adding(seconds: 1800), intervals: 1),
        ])
        // Fill b1 00:15 from another file, then a file spanning it reports no gap there.
        try F.importText(header + "b1,2023-01-01T00:15:00Z,7\n", into: store)
        let again = try F.importText(header + "b1,2023-01-01T00:00:00Z,1\nb1,2023-01-01T00:30:00Z,1\n", into: store)
        #expect(again.gaps.isEmpty)
    }

    @Test("short gaps are estimated only when asked, flagged interpolated; long ones stay gaps")
    func estimation() throws {
        let text = header + """
            a1,2023-01-01T00:00:00Z,100
            a1,2023-01-01T01:00:00Z,200
            a1,2023-01-01T03:00:00Z,0
            """
        let plain = InMemoryReadingStore()
        try F.importText(text, into: plain)
        #expect(try F.stored(plain, "a1").count == 3)
        let store = InMemoryReadingStore()
        let report = try F.importText(text, into: store, options: F.options { $0.estimation = .linear; $0.maxGap = 4 })
        let rows = try F.stored(store, "a1")
        // 3 missing between 100 and 200: 125, 150, 175; the 7 missing between 01:15 and 02:45 exceed --max-gap 4
        #expect(rows.map(\.1) == [100, 125, 150, 175, 200, 0])
        #expect(rows.map(\.2) == [.measured, .interpolated, .interpolated, .interpolated, .measured, .measured])
        #expect(report.statistics.estimated == 3)
        #expect(report.gaps.map(\.estimated) == [true, false])
        #expect(report.missingIntervals == 7)
        // A measured value later replaces the estimate, recorded in the revision log.
        let fix = try F.importText(header + "a1,2023-01-01T00:15:00Z,111\n", into: store)
        #expect(fix.statistics.replaced == 1)
        #expect(try F.stored(store, "a1")[1].1 == 111)
        #expect(try store.revisions().first?.oldQuality == .interpolated)
    }

    @Test("at most 20 problems are listed, then a count")
    func cappedMessage() {
        var text = header
        for i in 0..<30 { text += "a1,2023-01-01T00:\(String(format: "%02d", i))-bad,1\n" }
        let rejected = F.rejection(text)
        #expect(rejected?.totalIssues == 30)
        let lines = rejected?.message.split(separator: "\n") ?? []
        #expect(lines.count == 22) // 20 issues, "... and 10 more", "rejected whole"
        #expect(lines[20].contains("10 more"))
        #expect(lines[0].hasSuffix("is not ISO 8601 (expected e.g. 2023-01-01T00:15:00Z or 2023-01-01T08:15:00+08:00)"))
        #expect(lines[0].contains("readings.csv:2: "))
    }
}

@Suite("Readings import: chunks parsed on two cores")
struct ImportTwoWayTests {
    typealias F = ImportFixtures

    @Test("line numbers and conflicts across the two halves of a chunk are right")
    func acrossHalves() throws {
        // 3 meters x 16,000 quarter hours = 48,000 rows, about 1.7 MB: split in two halves.
        var text = "meter_id,interval_start,energy_wh\n"
        let t0: Int64 = 1_577_836_800 // 2020-01-01
        for i in 0..<16_000 {
            let stamp = Timestamp(seconds: t0 + Int64(i) * 900).iso8601
            text += "a1,\(stamp),\(i % 50)\nb1,\(stamp),1\ng1,\(stamp),2\n"
        }
        let store = InMemoryReadingStore()
        let report = try F.importText(text, into: store)
        #expect(report.rows == 48_000)
        #expect(report.statistics.added == 48_000)
        #expect(try F.stored(store, "a1").map(\.1) == (0..<16_000).map { Int64($0 % 50) })
        // A conflict with line 2 (first half) on the last line (second half), and a bad value on line 40,001.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[40_000].split(separator: ",").map(String.init)
        fields[2] = "-1"
        lines[40_000] = fields.joined(separator: ",")
        let conflicting = lines.dropLast().joined(separator: "\n") + "\na1,2020-01-01T00:00:00Z,9\n"
        let rejected = F.rejection(conflicting)
        #expect(rejected?.issues.map(\.line) == [40_001, 48_002])
        #expect(rejected?.issues.map(\.code) == ["readings.negative", "readings.conflict"])
        #expect(rejected?.issues.last?.reason.contains("line 2") == true)
    }
}
