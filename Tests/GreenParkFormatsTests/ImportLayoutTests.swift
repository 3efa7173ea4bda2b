import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Readings import: layouts and conversion")
struct ImportLayoutTests {
    typealias F = ImportFixtures

    @Test("long layout in kWh: rounded half to even to the Wh, comments and CRLF accepted")
    func longKWh() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText("""
            # exported by a meter data system\r
            meter_id,interval_start,energy_kwh\r
            a1,2023-01-01T00:00:00Z,1.2345\r
            a1,2023-01-01T08:15:00+08:00,1.2355\r
            a1,2023-01-01T00:30:00Z,2\r

            """, into: store)
        // 1234.5 Wh -> 1234 (even), 1235.5 Wh -> 1236 (even), 2 kWh -> 2000 Wh
        let rows = try F.stored(store, "a1")
        #expect(rows.map(\.1) == [1234, 1236, 2000])
        #expect(rows.map(\.0) == ["2023-01-01T00:00:00Z", "2023-01-01T00:15:00Z", "2023-01-01T00:30:00Z"])
        #expect(report.rounded == 2)
        #expect(report.statistics.added == 3)
        #expect(report.layout == "long")
        #expect(report.gaps.isEmpty)
    }

    @Test("long layout with energy_wh, energy_mwh and a quality column")
    func otherUnits() throws {
        let store = InMemoryReadingStore()
        try F.importText("meter_id,interval_start,energy_mwh,quality\na1,2023-01-01T00:00:00Z,0.0015,estimated\na1,2023-01-01T00:15:00Z,0.002,\n", into: store)
        #expect(try F.stored(store, "a1").map(\.1) == [1500, 2000])
        #expect(try F.stored(store, "a1").map(\.2) == [.estimated, .measured])
        try F.importText("quality,energy_wh,interval_start,meter_id\nA,700,2023-01-01T00:00:00Z,b1\n", into: store)
        #expect(try F.stored(store, "b1").map(\.1) == [700])
    }

    @Test("wide layout: unit suffix per column, empty cells are missing, not zero")
    func wide() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText("""
            interval_start,a1_wh,b1,g1_kwh
            2023-01-01T00:00:00Z,100,1.5,10
            2023-01-01T00:15:00Z,,2.5,11.25
            2023-01-01T00:30:00Z,300,,12
            """, into: store)
        #expect(try F.stored(store, "a1").map(\.1) == [100, 300])
        #expect(try F.stored(store, "b1").map(\.1) == [1500, 2500]) // default unit kWh
        #expect(try F.stored(store, "g1").map(\.1) == [10_000, 11_250, 12_000])
        #expect(report.emptyCells == 2)
        #expect(report.gaps == [GapRange(meter: "a1", start: Timestamp(seconds: 1_672_531_200 + 900), end: Timestamp(seconds: 1_672_531_200 + 1800), intervals: 1)])
    }

    @Test("semicolon-separated files are read too")
    func semicolons() throws {
        let store = InMemoryReadingStore()
        try F.importText("meter_id;interval_start;energy_wh\na1;2023-01-01T00:00:00Z;5\n", into: store)
        #expect(try F.stored(store, "a1").map(\.1) == [5])
    }

    @Test("finer data is summed up to the park's 15 minutes; a partial interval stays missing")
    func finerData() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText("""
            meter_id,interval_start,energy_wh
            a1,2023-01-01T00:00:00Z,1
            a1,2023-01-01T00:05:00Z,2
            a1,2023-01-01T00:10:00Z,3
            a1,2023-01-01T00:15:00Z,4
            a1,2023-01-01T00:20:00Z,5
            a1,2023-01-01T00:35:00Z,6
            a1,2023-01-01T00:40:00Z,7
            """, into: store)
        // 00:00 = 1+2+3 = 6; 00:15 lacks 00:25 -> missing; 00:30 lacks 00:30 -> missing
        #expect(try F.stored(store, "a1").map(\.1) == [6])
        #expect(report.inputResolutionMinutes == 5)
        #expect(report.statistics.incomplete == 2)
        #expect(report.missingIntervals == 2)
    }

    @Test("coarser data is an error unless --split even; split values are flagged")
    func coarserData() throws {
        let text = "interval_start,g1_wh\n2023-01-01T00:00:00Z,1000\n2023-01-01T01:00:00Z,4\n2023-01-01T02:00:00Z,0\n2023-01-01T03:00:00Z,0\n"
        let rejected = F.rejection(text)
        #expect(rejected?.issues.first?.code == "readings.resolution")
        #expect(rejected?.message.contains("--split even") == true)
        let store = InMemoryReadingStore()
        try F.importText(text, into: store, options: F.options { $0.split = .even })
        // 1000 Wh over 4 quarter hours: 250 each; 4 Wh: 1 each
        let rows = try F.stored(store, "g1")
        #expect(rows.map(\.1) == [250, 250, 250, 250, 1, 1, 1, 1] + Array(repeating: 0, count: 8))
        #expect(Set(rows.map(\.2)) == [.split])
    }

    @Test("10-minute data: split into 5-minute halves and summed per quarter hour")
    func tenMinutes() throws {
        let store = InMemoryReadingStore()
        try F.importText("interval_start,g1_wh\n2023-01-01T00:00:00Z,100\n2023-01-01T00:10:00Z,200\n2023-01-01T00:20:00Z,301\n2023-01-01T00:30:00Z,0\n2023-01-01T00:40:00Z,0\n", into: store, options: F.options { $0.split = .even })
        // 00:00-00:15 = 100 + 200/2 = 200; 00:15-00:30 = 100 + 301 = 401 (301 -> 151 + 150); 00:30 = 0 + 0
        #expect(try F.stored(store, "g1").map(\.1) == [200, 401, 0])
    }

    @Test("register reads are differenced; rollover at the configured value or inferred at a power of ten")
    func registers() throws {
        let store = InMemoryReadingStore()
        let report = try F.importText("""
            meter_id,read_at,register_kwh
            r1,2023-01-01T00:00:00Z,999990
            r1,2023-01-01T00:15:00Z,999995.5
            r1,2023-01-01T00:30:00Z,3
            a2,2023-01-01T00:30:00Z,2
            a2,2023-01-01T00:00:00Z,99998
            a2,2023-01-01T00:15:00Z,99999
            """, into: store)
        // r1: 5.5 kWh, then rollover at 1,000,000: 1,000,000 - 999,995.5 + 3 = 7.5 kWh
        #expect(try F.stored(store, "r1").map(\.1) == [5_500, 7_500])
        // a2 (rows out of order): 1 kWh, then rollover at the configured 100,000: 3 kWh
        #expect(try F.stored(store, "a2").map(\.1) == [1_000, 3_000])
        #expect(report.layout == "register")
    }

    @Test("a register that goes down without a rollover is an error")
    func registerDecrease() {
        let rejected = F.rejection("meter_id,read_at,register_kwh\nr1,2023-01-01T00:00:00Z,500\nr1,2023-01-01T00:15:00Z,400\n")
        #expect(rejected?.issues.map(\.code) == ["readings.register-decrease"])
        #expect(rejected?.issues.first?.line == 3)
    }

    @Test("register reads two intervals apart: a gap, or an even split flagged interpolated when estimating")
    func registerSpan() throws {
        let text = "meter_id,read_at,register_kwh\nr1,2023-01-01T00:00:00Z,0\nr1,2023-01-01T00:15:00Z,1\nr1,2023-01-01T00:45:00Z,4\n"
        let store = InMemoryReadingStore()
        let report = try F.importText(text, into: store)
        #expect(try F.stored(store, "r1").map(\.1) == [1000])
        #expect(report.registerSpansNotSplit == 1)
        let estimated = InMemoryReadingStore()
        try F.importText(text, into: estimated, options: F.options { $0.estimation = .linear })
        #expect(try F.stored(estimated, "r1").map(\.1) == [1000, 1500, 1500])
        #expect(try F.stored(estimated, "r1").map(\.2) == [.measured, .interpolated, .interpolated])
    }
}
