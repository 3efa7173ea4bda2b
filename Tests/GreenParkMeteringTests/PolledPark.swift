import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkMetering
import GreenParkServices
import GreenParkStore

/// A park whose meters are polled: one member per meter, a SQLite store in a new directory.
struct PolledPark {
    let context: ParkContext
    let polling: ParkPolling
    let directory: URL

    /// `meters`: (id, poll mapping in YAML flow style) pairs.
    /// The default telemetry settings suit a loaded test machine: generous timeouts, and
    /// gaps only after a simulated week, so that a starved process interpolates instead.
    init(meters: [(String, String)],
         telemetry: String = "{timeout_ms: 2000, retries: 1, dead_after_failures: 2, max_gap_minutes: 10080}",
         now: Timestamp = Timestamp(CivilDate(year: 2030, month: 1, day: 1)), directory: URL? = nil) throws {
        var yaml = """
            version: 1
            park: {id: polled, name: Polled, timezone: Asia/Shanghai, country: CN, region: east,
                   resolution_minutes: 15, connection: grid-connected, policy_profile: cn-650-2025}
            members:

            """
        for (id, _) in meters { yaml += "  - {id: member-\(id), name: M \(id), meters: [\(id)]}\n" }
        yaml += "generators: []\nmeters:\n"
        for (id, poll) in meters { yaml += "  - {id: \(id), poll: \(poll)}\n" }
        yaml += "telemetry: \(telemetry)\n"
        let directory = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("greenpark-polled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let parkFile = directory.appendingPathComponent("park.yaml")
        try yaml.write(to: parkFile, atomically: true, encoding: .utf8)
        let result = try ParkFile.load(path: parkFile.path)
        let stores = try SQLiteDatabase(path: directory.appendingPathComponent("park.sqlite").path).stores
        context = ParkContext(park: result.park, parkFile: parkFile, stores: stores, now: { now })
        polling = result.polling
        self.directory = directory
    }

    /// The stored intervals of `meter` (start in Unix seconds, Wh, quality), present ones only.
    func intervals(_ meter: String) throws -> [(Int64, Int64, Quality)] {
        guard let span = try context.stores.readings.meterSpans().first(where: { $0.meter == meter }) else { return [] }
        var result: [(Int64, Int64, Quality)] = []
        for block in try context.stores.readings.days(meter: meter, in: span.firstDay..<(span.lastDay + 1)) {
            let step = Int64(86_400 / block.intervalCount)
            for index in 0..<block.intervalCount where block.quality[index] != .missing {
                result.append((block.day * 86_400 + Int64(index) * step, block.energyWh[index], block.quality[index]))
            }
        }
        return result
    }

    func events(_ meter: String? = nil) throws -> [MeterEventRecord] {
        try context.stores.readings.meterEvents(meter: meter, limit: 1000)
    }
}

/// Runs `poller` until `condition` holds or `seconds` pass, then stops it (cancel and flush).
/// Tests give a condition and a generous limit: the suite runs beside others on 2 cores.
func poll(_ poller: MeterPoller, seconds: Double, until condition: @escaping @Sendable () -> Bool = { false })
    async throws {
    let task = Task { try await poller.run() }
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline, !condition() { try await Task.sleep(for: .milliseconds(20)) }
    task.cancel()
    try await task.value
}
