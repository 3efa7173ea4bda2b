import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore
import Testing

/// Review of issue 13: refused intervals beyond what one import reports, and a park file
/// edited between two runs of the poller.
@Suite struct TelemetryServiceReviewTests {
    static let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))

    static func context(_ yaml: String, _ stores: ParkStores) throws -> (ParkContext, ParkPolling) {
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        let context = ParkContext(park: result.park, parkFile: URL(fileURLWithPath: "/tmp/park.yaml"), stores: stores,
                                  now: { Timestamp(CivilDate(year: 2024, month: 1, day: 1)) })
        return (context, result.polling)
    }

    static func park(unit: Int, maxKW: String = "") -> String {
        """
        version: 1
        park: {id: poll-park, name: Poll park, timezone: Asia/Shanghai, country: CN, region: east,
               resolution_minutes: 15, connection: grid-connected, policy_profile: cn-650-2025}
        members:
          - {id: a, name: A, meters: [a1]}
        generators:
          - {id: pv, name: PV, technology: solar-pv, capacity_kw: 100, commissioned: 2023-01-01,
             registered: 2023-01-01, meter: pv1}
        meters:
          - id: a1
        \(maxKW)
            poll: {protocol: modbus-tcp, host: 127.0.0.1, port: 5020, unit_id: \(unit), register: 4096,
                   scale_kwh: 0.01}
        """
    }

    /// TelemetryService.store tries the import at most 50 times and the importer reports at
    /// most 200 issues (IssueList.kept) per try: from the 10,001st refused interval of one
    /// flush on, rows are neither stored nor kept as `not-stored` events, yet the register
    /// states are saved (so a restart does not produce them again) and the flush result
    /// counts them as stored. docs/telemetry.md: "an interval the validation refuses is not
    /// stored; it becomes a `not-stored` meter event with its value".
    ///
    /// 10,050 intervals of 30,000 Wh each (reads 15 minutes apart, 30,000 Wh more each time),
    /// all above max_kw 100 kW x 0.25 h = 25,000 Wh: all 10,050 must be refused and kept as events.
    @Test func everyRefusedIntervalOfALargeFlushIsKeptAsAnEvent() throws {
        let stores = ParkStores.inMemory()
        let (context, polling) = try Self.context(Self.park(unit: 1, maxKW: "    max_kw: 100"), stores)
        let service = try TelemetryService(context: context, polling: polling)
        let count: Int64 = 10_050
        // Reads at k x 900 s + 30 s, k = 0 ... count + 1: boundaries 900 s ... (count + 1) x 900 s,
        // count + 1 of them; the first only starts an interval, so count intervals.
        for k in 0...(count + 1) {
            let at = (Self.day.seconds + k * 900 + 30) * 1000
            service.record(meter: "a1", read: RegisterRead(atMillis: at, rawWh: 30_000 * k))
        }
        let result = try service.flush(now: context.now())
        #expect(result.intervalsStored == 0, "no interval is within max_kw: \(result)")
        #expect(result.intervalsNotStored == Int(count), "\(result)")
        let events = try stores.readings.meterEvents(meter: "a1", limit: 20_000)
        #expect(events.filter { $0.kind == .notStored }.count == Int(count))
    }

    /// docs/telemetry.md: a replacement is "another Modbus serial number, another DL/T 645
    /// address in the park file". A Modbus meter without serial_register that the park file
    /// points at another meter between two runs (unit_id 1 -> 2 behind the same gateway, or
    /// another host) is not noticed: the new meter's register (9,000,000 Wh against the old
    /// one's 1,003,400 Wh) is taken as 7,996,600 Wh of consumption in one 15-minute
    /// interval, stored as measured (an edited DL/T 645 address is a replacement).
    @Test func aModbusMeterPointedElsewhereBetweenRunsIsAReplacementNotEnergy() throws {
        let stores = ParkStores.inMemory()
        let (first, polling1) = try Self.context(Self.park(unit: 1), stores)
        let run1 = try TelemetryService(context: first, polling: polling1)
        // Reads each minute at :30, 100 Wh a minute, minutes 0 ... 34 (to 00:34:30).
        for minute: Int64 in 0..<35 {
            run1.record(meter: "a1", read: RegisterRead(
                atMillis: (Self.day.seconds + minute * 60 + 30) * 1000, rawWh: 1_000_000 + 100 * minute))
        }
        try run1.flush(now: first.now())
        // The park file now says unit_id 2: another meter, 9,000,000 Wh and 100 Wh a minute.
        let (second, polling2) = try Self.context(Self.park(unit: 2), stores)
        let run2 = try TelemetryService(context: second, polling: polling2)
        var events: [TelemetryEvent] = []
        for minute: Int64 in 35..<50 {
            events += run2.record(meter: "a1", read: RegisterRead(
                atMillis: (Self.day.seconds + minute * 60 + 30) * 1000, rawWh: 9_000_000 + 100 * minute))
        }
        try run2.flush(now: second.now())
        #expect(events.contains { $0.kind == "replaced" || $0.kind == "reset" }, "events \(events)")
        let block = try stores.readings.days(meter: "a1", in: Self.day.utcDay..<(Self.day.utcDay + 1)).first
        // [00:30, 00:45): 1,500 Wh of real consumption (estimated around the swap), not ~8 MWh.
        let interval = block.map { ($0.energyWh[2], $0.quality[2]) }
        #expect(interval.map { $0.0 < 100_000 } ?? true, "stored [00:30, 00:45): \(String(describing: interval))")
    }
}
