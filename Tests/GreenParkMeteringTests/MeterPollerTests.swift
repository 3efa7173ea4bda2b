import Foundation
import GreenParkCore
import GreenParkMetering
import GreenParkServices
import Testing

/// The poller against simulated meters on loopback (MeterSimulator), on a clock that runs
/// 900 times faster than real time: one 15-minute interval a second. The tests wait for what
/// they need with generous limits: on a loaded machine polls come late, which makes intervals
/// interpolated, never wrong.
@Suite(.serialized) struct MeterPollerTests {
    /// 2029-06-01T00:00:00Z in ms: the simulated time starts there.
    static let origin = Timestamp(CivilDate(year: 2029, month: 6, day: 1)).seconds * 1000

    static func modbus(_ port: Int, serial: Bool = false, period: String = "60") -> String {
        "{protocol: modbus-tcp, host: 127.0.0.1, port: \(port), register: 4096, type: uint32, scale_kwh: 0.01, "
            + "period_seconds: \(period)\(serial ? ", serial_register: 4102" : "")}"
    }

    static func check(_ park: PolledPark, _ log: ReadLog, _ meter: String, rolloverWh: Int64? = nil) throws
        -> [(Int64, Int64, Quality)] {
        let stored = try park.intervals(meter)
        #expect(stored.count >= 3, "at least three intervals of \(meter)")
        guard let first = stored.first, let last = stored.last else { return stored }
        for (a, b) in zip(stored, stored.dropFirst()) { #expect(b.0 == a.0 + 900, "no hole after \(a.0)") }
        // The intervals sum exactly to the register between the first and last boundary,
        // interpolated here from the reads the poller took.
        let start = log.register(meter, at: first.0, rolloverWh: rolloverWh)
        let end = log.register(meter, at: last.0 + 900, rolloverWh: rolloverWh)
        #expect(start != nil && end != nil)
        if let start, let end { #expect(stored.map(\.1).reduce(0, +) == end - start) }
        return stored
    }

    @Test func modbusMetersBecomeIntervalsThatSumToTheirRegisters() async throws {
        let meters = [SimulatedMeter(registerWh: 123_456_780, wattHoursPerSecond: 20_000),
                      SimulatedMeter(registerWh: 5_000, wattHoursPerSecond: 7_000)]
        let simulator = try await MeterSimulator.start(.modbus, meters: meters)
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0])),
                                           ("m2", Self.modbus(simulator.ports[1]))])
        let log = ReadLog()
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: 900), flushSeconds: 0.5,
                                 onRead: log.observer)
        try await poll(poller, seconds: 120) { log.spans("m1", intervals: 5) && log.spans("m2", intervals: 5) }
        _ = try Self.check(park, log, "m1")
        let m2 = try Self.check(park, log, "m2")
        // 7,000 Wh a real second is 7,000 Wh per simulated 15 minutes (a second): all intervals
        // together hold 7,000 Wh per interval, to within the register's 10 Wh steps and the
        // time between the simulated meter's clock and the poller's (a read's round trip).
        let average = Double(m2.map(\.1).reduce(0, +)) / Double(max(m2.count, 1))
        #expect(abs(average - 7_000) < 7_000 * 0.2, "\(average) Wh per interval")
        #expect(poller.status.allSatisfy { $0.failed == 0 && $0.succeeded > 5 })
    }

    @Test func aDeadMeterIsReportedAndItsReturnToo() async throws {
        let meter = SimulatedMeter(registerWh: 1_000_000, wattHoursPerSecond: 10_000)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0]))],
                                  telemetry: "{timeout_ms: 300, retries: 1, dead_after_failures: 2}")
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: 900), flushSeconds: 0.3)
        let task = Task { try await poller.run() }
        try await waitFor(seconds: 60) { poller.status[0].succeeded > 2 }
        meter.set(.silent)
        // Two failed polls (timeout 300 ms, one retry each) make it dead.
        try await waitFor(seconds: 60) { poller.status[0].isDead }
        meter.set(.answer)
        try await waitFor(seconds: 60) { !poller.status[0].isDead }
        task.cancel()
        try await task.value
        let kinds = try park.events("m1").map(\.kind)
        #expect(kinds.contains(.dead))
        #expect(kinds.contains(.alive))
        #expect(poller.status[0].failed >= 2)
    }

    @Test func aReplacedMeterIsNoticedAndCountingContinues() async throws {
        let meter = SimulatedMeter(registerWh: 50_000_000, wattHoursPerSecond: 20_000, serial: 111)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0], serial: true))],
                                  telemetry: "{timeout_ms: 500, retries: 0, max_gap_minutes: 10080}")
        let log = ReadLog()
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: 900), flushSeconds: 0.3,
                                 onRead: log.observer)
        let task = Task { try await poller.run() }
        try await waitFor(seconds: 120) { log.spans("m1", intervals: 2) }
        // The swap: the old meter goes away (the connection drops), a new one with another
        // serial and a register near zero answers.
        meter.set(.silent)
        try await waitFor(seconds: 60) { poller.status[0].consecutiveFailures > 0 }
        meter.set(serial: 222)
        meter.set(registerWh: 1_000)
        meter.set(.answer)
        let before = log.of("m1").count
        try await waitFor(seconds: 120) {
            let after = log.of("m1").dropFirst(before)
            return (after.last?.atMillis ?? 0) - (after.first?.atMillis ?? 0) >= 3 * 900_000
        }
        task.cancel()
        try await task.value
        let replaced = try park.events("m1").filter { $0.kind == .replaced }
        #expect(replaced.count == 1)
        #expect(replaced.first?.detail.contains("serial 111 replaced by serial 222") == true)
        let stored = try park.intervals("m1")
        // No interval went negative or jumped by the old register's 50,000,000 Wh.
        #expect(stored.allSatisfy { $0.1 >= 0 && $0.1 < 1_000_000 })
        // The interval of the swap is not measured: estimated, or interpolated where the
        // silence before the swap was longer than three poll periods (the less direct flag wins).
        if let at = replaced.first?.atMillis {
            let swap = stored.first { $0.0 * 1000 <= at && at < ($0.0 + 900) * 1000 }
            #expect(swap == nil || swap?.2 == .estimated || swap?.2 == .interpolated)
        }
    }

    @Test func aRestartResumesWithoutAGapOrADoubleCount() async throws {
        let meter = SimulatedMeter(registerWh: 9_000_000, wattHoursPerSecond: 12_000)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0]))])
        let log = ReadLog(), clock = ScaledClock(originMillis: Self.origin, speed: 900)
        for run in 1...2 {
            // A new service each time: it reads the register states the last one stored.
            let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                     clock: clock, flushSeconds: 0.5, onRead: log.observer)
            try await poll(poller, seconds: 120) { log.spans("m1", intervals: Int64(3 * run)) }
        }
        let stored = try Self.check(park, log, "m1")
        #expect(stored.count >= 5)
    }

    @Test func aDLT645RegisterThatRollsOverKeepsCounting() async throws {
        let address = try DLT645AddressForTests.make("121078563412")
        // 999,995.00 kWh and 1 kWh a real second: the register passes 1,000,000 kWh after 5 s
        // and starts again at 0.
        let meter = SimulatedMeter(registerWh: 999_995_000, wattHoursPerSecond: 1_000, address: address)
        let simulator = try await MeterSimulator.start(.dlt645, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("g1", "{protocol: dlt645, host: 127.0.0.1, port: \(simulator.ports[0]), "
                                                + "address: \"121078563412\", period_seconds: 60}")])
        let log = ReadLog()
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: 900), flushSeconds: 0.5,
                                 onRead: log.observer)
        try await poll(poller, seconds: 120) { log.spans("g1", intervals: 10) }
        #expect(try park.events("g1").contains { $0.kind == .rollover })
        _ = try Self.check(park, log, "g1", rolloverWh: 1_000_000_000)
    }

    @Test func anAnswerToAnotherRequestStartsANewConnection() async throws {
        let meter = SimulatedMeter(registerWh: 1_000)
        meter.set(.wrongTransaction)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0]))],
                                  telemetry: "{timeout_ms: 2000, retries: 2}")
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling))
        let status = try await poller.pollOnce()
        // Three attempts, each answered with the previous transaction id: each fails as a
        // mismatch, and each retry opens a new connection instead of reading on in step.
        #expect(status[0].failed == 1)
        #expect(status[0].lastError?.contains("does not answer request") == true)
        #expect(meter.connections == 3)
    }

    @Test func pollsKeepTheirSlotsWhileTheSharedPoolIsBlocked() async throws {
        let meter = SimulatedMeter(registerWh: 1_000, wattHoursPerSecond: 10)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [("m1", Self.modbus(simulator.ports[0], period: "0.1"))])
        let log = ReadLog()
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 flushSeconds: 0.5, onRead: log.observer)
        let task = Task { try await poller.run() }
        try await waitFor(seconds: 60) { log.of("m1").count > 2 }
        // Every thread of the shared cooperative pool sleeps for 2 s (ProcessInfo's count of
        // cores is the pool's width); the poller's own executor keeps reading every 100 ms.
        let before = log.of("m1").count
        let blockers = (0..<(2 * ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            Task.detached { blockThisThread(seconds: 2) }
        }
        for blocker in blockers { await blocker.value }
        let during = log.of("m1").count - before
        task.cancel()
        try await task.value
        // 2 s at 10 reads a second is about 20; at least 10 even on a loaded machine.
        #expect(during >= 10, "\(during) reads while the shared pool was blocked")
    }
}

/// Waits until `condition` holds; fails the test after `seconds`.
func waitFor(seconds: Double, _ condition: @escaping () -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(seconds) s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// Holds the calling thread (a thread of the shared pool, in the test that uses it).
func blockThisThread(seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}
