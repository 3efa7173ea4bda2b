import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore
import Testing

/// Register reads through the telemetry use case into the store, on the in-memory twin and SQLite.
@Suite struct TelemetryServiceTests {
    static let yaml = """
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
            max_kw: 100
            poll: {protocol: modbus-tcp, host: 127.0.0.1, port: 5020, register: 4096, scale_kwh: 0.01}
          - id: pv1
            poll: {protocol: dlt645, host: 127.0.0.1, port: 8021, address: "121078563412"}
        """
    /// 2023-06-01T00:00:00Z.
    static let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))

    static func context(_ stores: ParkStores) throws -> (ParkContext, ParkPolling) {
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        let context = ParkContext(park: result.park, parkFile: URL(fileURLWithPath: "/tmp/park.yaml"), stores: stores,
                                  now: { Timestamp(CivilDate(year: 2023, month: 7, day: 1)) })
        return (context, result.polling)
    }

    /// Reads every 60 s at :30 from `fromMinute` to `toMinute` (exclusive); a1 grows 100 Wh a
    /// minute (1,500 Wh per 15 minutes), pv1 200 Wh a minute (3,000 Wh).
    static func feed(_ service: TelemetryService, minutes: Range<Int64>, spikeAt: Int64? = nil) {
        for minute in minutes {
            let at = (day.seconds + minute * 60 + 30) * 1000
            let spike: Int64 = spikeAt.map { minute >= $0 ? 30_000 : 0 } ?? 0
            service.record(meter: "a1", read: RegisterRead(atMillis: at, rawWh: 1_000_000 + 100 * minute + spike))
            service.record(meter: "pv1", read: RegisterRead(atMillis: at, rawWh: 5_000_000 + 200 * minute))
        }
    }

    static func stored(_ stores: ParkStores, _ meter: String) throws -> [(Int64, Quality)] {
        let block = try stores.readings.days(meter: meter, in: day.utcDay..<(day.utcDay + 1)).first
        guard let block else { return [] }
        return zip(block.energyWh, block.quality).map { ($0, $1) }
    }

    @Test(arguments: ["memory", "sqlite"])
    func aRestartContinuesWithoutAGapOrADoubleCount(kind: String) throws {
        let stores = kind == "memory" ? ParkStores.inMemory() : try sqliteStores()
        let (context, polling) = try Self.context(stores)
        let first = try TelemetryService(context: context, polling: polling)
        // Reads 00:00:30 ... 01:07:30: boundaries 00:15, 00:30, 00:45, 01:00 -> 3 intervals each.
        Self.feed(first, minutes: 0..<68)
        let flushed = try first.flush(now: context.now())
        #expect(flushed.intervalsStored == 6)
        // A restart: a new service from the store continues at 01:08:30 up to 01:59:30.
        let second = try TelemetryService(context: context, polling: polling)
        Self.feed(second, minutes: 68..<120)
        try second.flush(now: context.now())
        let a1 = try Self.stored(stores, "a1")
        // [00:00, 00:15) began before the first read: missing; then 00:15 ... 01:30 (6 intervals):
        // 1,500 Wh each, measured, the one across the restart ([01:00, 01:15)) included.
        #expect(a1[0].1 == .missing)
        #expect(a1[1...6].map(\.0) == Array(repeating: 1_500, count: 6))
        #expect(a1[1...6].allSatisfy { $0.1 == .measured })
        #expect(a1[7].1 == .missing, "[01:45, 02:00) ends after the last read")
        #expect(try Self.stored(stores, "pv1")[1...6].map(\.0) == Array(repeating: 3_000, count: 6))
        // Two flushes with intervals: two import records named poll.
        #expect(try stores.readings.imports().filter { $0.fileName == "poll" }.count == 2)
    }

    @Test func anIntervalTheValidationRefusesIsKeptAsAnEventAndTheRestIsStored() throws {
        let stores = ParkStores.inMemory()
        let (context, polling) = try Self.context(stores)
        let service = try TelemetryService(context: context, polling: polling)
        // a1 jumps by 30,000 Wh at minute 20: [00:15, 00:30) holds 1,500 + 30,000 = 31,500 Wh,
        // above max_kw 100 kW x 0.25 h = 25,000 Wh.
        Self.feed(service, minutes: 0..<50, spikeAt: 20)
        let result = try service.flush(now: context.now())
        #expect(result.intervalsNotStored == 1)
        // Boundaries 00:15, 00:30, 00:45: two intervals a meter, four in all, one refused.
        #expect(result.intervalsStored == 3)
        let a1 = try Self.stored(stores, "a1")
        #expect(a1[1].1 == .missing)
        #expect(a1[2].0 == 1_500)
        let events = try stores.readings.meterEvents(meter: "a1", limit: 10)
        #expect(events.count == 1)
        #expect(events.first?.kind == .notStored)
        #expect(events.first?.energyWh == 31_500)
        // The register states went in with the batch.
        #expect(try stores.readings.registerStates().map(\.meter) == ["a1", "pv1"])
    }

    @Test func aStoreFailureKeepsEverythingForTheNextFlush() throws {
        let stores = ParkStores.inMemory()
        let (context, polling) = try Self.context(stores)
        let service = try TelemetryService(context: context, polling: polling)
        Self.feed(service, minutes: 0..<35)
        // A store of another park: the import throws a store mismatch; nothing may be dropped.
        try stores.readings.write { try $0.setParkIdentity(StoredParkIdentity(parkId: "other", resolutionMinutes: 15)) }
        #expect(throws: (any Error).self) { try service.flush(now: context.now()) }
        try stores.readings.write {
            try $0.setParkIdentity(StoredParkIdentity(parkId: "poll-park", resolutionMinutes: 15))
        }
        #expect(try service.flush(now: context.now()).intervalsStored == 2)
    }

    func sqliteStores() throws -> ParkStores {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-poll-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path).stores
    }
}
