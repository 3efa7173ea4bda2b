import Foundation
import Synchronization
import GreenParkCore
import GreenParkMetering
import GreenParkServices
import Testing

/// Review of issue 13: a meter swapped between two polls while its connection stays up.
@Suite(.serialized) struct MeterPollerReviewTests {
    static let origin = Timestamp(CivilDate(year: 2029, month: 6, day: 1)).seconds * 1000

    /// Sleeps `atLeast` seconds, then until `done` holds or a minute has passed (a full
    /// parallel test run can hold the poller's tasks back for many seconds).
    static func wait(atLeast: Double, until done: () throws -> Bool) async throws {
        try await Task.sleep(for: .milliseconds(Int64(atLeast * 1000)))
        let deadline = Date().addingTimeInterval(60)
        while try !done(), Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
    }

    /// docs/telemetry.md: "when the meter's identity changed (another Modbus serial number ...)
    /// it was replaced". The poller reads serial_register only on the first poll and after a
    /// failed one (MeterPoller+Poll.swift), so a meter swapped behind an RS-485 gateway between
    /// two polls (the gateway's TCP connection stays up, no read fails; with period_seconds up
    /// to 86,400 there is plenty of time) keeps the old serial. The register going from
    /// 50,000,000 Wh down to 1,000 Wh is then taken as a uint32 wrap (2^32 x 10 Wh =
    /// 42,949,672,960 Wh): about 42.9 GWh land in one interval, stored as measured.
    @Test func aMeterSwappedBetweenTwoPollsIsAReplacement() async throws {
        let meter = SimulatedMeter(registerWh: 50_000_000, wattHoursPerSecond: 20_000, serial: 111)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [(
            "m1",
            "{protocol: modbus-tcp, host: 127.0.0.1, port: \(simulator.ports[0]), register: 4096, type: uint32, "
                + "scale_kwh: 0.01, period_seconds: 60, serial_register: 4102}")])
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: 1800), flushSeconds: 0.3)
        let task = Task { try await poller.run() }
        // Until the poller has stored something (at least 1.5 s; up to a minute on a loaded machine).
        try await Self.wait(atLeast: 1.5) { try !park.intervals("m1").isEmpty }
        // The swap, between two polls: another serial, a register near zero; it keeps answering.
        meter.set(serial: 222)
        meter.set(registerWh: 1_000)
        try await Self.wait(atLeast: 1.5) {
            try park.events("m1").contains { $0.kind == .replaced || $0.kind == .rollover }
        }
        task.cancel()
        try await task.value
        let kinds = try park.events("m1").map(\.kind)
        #expect(kinds.contains(.replaced), "events: \(kinds)")
        #expect(!kinds.contains(.rollover), "events: \(kinds)")
        let stored = try park.intervals("m1")
        // 20,000 Wh a real second is 10,000 Wh per simulated 15 minutes: nothing near 42.9 GWh.
        #expect(stored.allSatisfy { $0.1 >= 0 && $0.1 < 1_000_000 },
                "largest interval \(stored.map(\.1).max() ?? 0) Wh")
    }

    /// The wall clock goes back one hour (an NTP step of a clock that ran ahead). The poller
    /// sleeps until its next slot on the wall clock, so no meter is read for an hour of real
    /// time; the next read is stamped only one period after the last one, so the hour's
    /// energy is interpolated into the next interval and stored as `measured`
    /// (docs/telemetry.md: measured means the reads around its boundaries are at most three
    /// periods apart; here an hour went by between them). Nothing reports the silence.
    /// The meter: 20,000 Wh a real second = 10,000 Wh per simulated 15 minutes; the stalled
    /// hour adds about 40,000 Wh to one interval.
    @Test func aClockSteppedBackDoesNotPutAnHoursEnergyIntoAMeasuredInterval() async throws {
        let meter = SimulatedMeter(registerWh: 5_000_000, wattHoursPerSecond: 20_000)
        let simulator = try await MeterSimulator.start(.modbus, meters: [meter])
        defer { Task { await simulator.stop() } }
        let park = try PolledPark(meters: [(
            "m1",
            "{protocol: modbus-tcp, host: 127.0.0.1, port: \(simulator.ports[0]), register: 4096, type: uint32, "
                + "scale_kwh: 0.01, period_seconds: 60}")])
        let clock = SteppingClock(base: ScaledClock(originMillis: Self.origin, speed: 1800))
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: clock, flushSeconds: 0.3)
        let task = Task { try await poller.run() }
        try await Task.sleep(for: .milliseconds(1500))
        clock.step(byMillis: -3_600_000)
        try await Task.sleep(for: .milliseconds(3500))
        task.cancel()
        try await task.value
        let stored = try park.intervals("m1")
        let measured = stored.filter { $0.2 == .measured }
        let kinds = try park.events("m1").map { "\($0.kind): \($0.detail)" }
        #expect(measured.allSatisfy { $0.1 < 20_000 }, "measured intervals: \(measured.map(\.1)); events: \(kinds)")
    }
}

/// A poll clock whose wall time can be stepped (as NTP steps a system clock); a sleep in
/// progress is not shortened or lengthened by a step, as `Task.sleep` is not.
final class SteppingClock: PollClock {
    let base: ScaledClock
    private let offset = Mutex<Int64>(0)

    init(base: ScaledClock) { self.base = base }

    func step(byMillis millis: Int64) { offset.withLock { $0 += millis } }

    func nowMillis() -> Int64 { base.nowMillis() + offset.withLock { $0 } }

    /// The clock's steady side (a system's monotonic clock) does not step.
    func steadyMillis() -> Int64 { base.nowMillis() }

    func sleep(untilMillis millis: Int64) async throws {
        try await base.sleep(untilMillis: millis - offset.withLock { $0 })
    }
}
