import Foundation
import GreenParkCore
import GreenParkMetering
import GreenParkServices
import Testing

/// The poller against programs nobody on the project wrote: pymodbus 3.16.1's simulated
/// meter (Peers/modbus_meter_sim.py) and the dlt645 package's meter server
/// (Peers/dlt645_meter.py), on loopback. Skipped with a message where the peers are not
/// installed; never on CI.
@Suite(.serialized, .enabled(if: PeerProcess.enabled)) struct PeerMeterTests {
    static let origin = Timestamp(CivilDate(year: 2029, month: 6, day: 1)).seconds * 1000

    static func pollOnce(_ meters: [(String, String)]) async throws -> [MeterStatus] {
        let park = try PolledPark(meters: meters, telemetry: "{timeout_ms: 3000, retries: 1}")
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling))
        return try await poller.pollOnce()
    }

    @Test func theModbusPeersRegistersReadExactlyWhatItHolds() async throws {
        // --speed 0: the simulated meter's energy stays at --import-kwh 123456.78.
        let peer = try PeerProcess("modbus_meter_sim.py", ["--speed", "0", "--import-kwh", "123456.78",
                                                            "--serial", "20240001"])
        defer { peer.stop() }
        let base = "protocol: modbus-tcp, host: 127.0.0.1, port: \(peer.port)"
        let status = try await Self.pollOnce([
            // FC03 4096: uint32 in 0.01 kWh: 12,345,678 x 10 Wh = 123,456,780 Wh.
            ("counter", "{\(base), function: holding, register: 4096, type: uint32, scale_kwh: 0.01, "
                + "serial_register: 4102}"),
            // FC04 72: float32 kWh, ABCD: float32(123456.78) = 123456.78125 kWh -> 123,456,781 Wh.
            ("float", "{\(base), function: input, register: 72, type: float32, scale_kwh: 1}"),
            // The same float read with the words swapped is another number: a wrong word order shows.
            ("swapped", "{\(base), function: input, register: 72, type: float32, word_order: little, scale_kwh: 1}"),
            // FC04 20 is not mapped: the meter answers exception 02.
            ("unmapped", "{\(base), function: input, register: 20, type: float32, scale_kwh: 1}"),
        ])
        #expect(status[0].lastWattHours == 123_456_780)
        #expect(status[1].lastWattHours == 123_456_781)
        #expect(status[2].lastWattHours != 123_456_781)
        #expect(status[3].failed == 1)
        #expect(status[3].lastError?.contains("illegal data address") == true)
    }

    @Test func theDLT645PeersRegistersReadExactlyWhatItHolds() async throws {
        let peer = try PeerProcess("dlt645_meter.py", ["--forward-kwh", "12000.55", "--reverse-kwh", "345.12"])
        defer { peer.stop() }
        // The package's address string 123456781012 is nameplate number 121078563412.
        let base = "protocol: dlt645, host: 127.0.0.1, port: \(peer.port)"
        let status = try await Self.pollOnce([
            ("forward", "{\(base), address: \"121078563412\", di: forward-active-energy}"),
            ("reverse", "{\(base), address: \"121078563412\", di: reverse-active-energy}"),
            ("other", "{\(base), address: \"111111111111\"}"),
        ])
        #expect(status[0].lastWattHours == 12_000_550)
        #expect(status[1].lastWattHours == 345_120)
        // The package answers another address with an error frame (a real meter stays silent).
        #expect(status[2].failed == 1)
    }

    static let speed = 7200.0

    /// Polls one peer meter (`poll`: its park-file entry without host and port) for a simulated
    /// day and a quarter at one read a simulated minute (12.1 s), and returns the day's first 96
    /// intervals after checking that they follow each other and sum exactly to the register.
    static func simulatedDay(_ peer: PeerProcess, _ poll: String) async throws -> (Double, MeterStatus) {
        let park = try PolledPark(meters: [("m", "{host: 127.0.0.1, port: \(peer.port), period_seconds: 60, \(poll)}")],
                                  telemetry: "{timeout_ms: 2000, retries: 2, max_gap_minutes: 10080}")
        let log = ReadLog()
        let poller = MeterPoller(telemetry: try TelemetryService(context: park.context, polling: park.polling),
                                 clock: ScaledClock(originMillis: Self.origin, speed: speed), flushSeconds: 1,
                                 onRead: log.observer)
        // Until the reads span the day and a quarter (12.1 s unloaded; up to 180 s on a loaded machine).
        try await GreenParkMeteringTests.poll(poller, seconds: 180) { log.spans("m", intervals: 97) }
        let day = try MeterPollerTests.check(park, log, "m").prefix(96)
        #expect(day.count == 96)
        return (Double(day.map(\.1).reduce(0, +)) / 1000, poller.status[0])
    }

    /// The intervals sum exactly to the register's difference, and to the day's energy the
    /// peer's load shape integrates to.
    @Test func aSimulatedModbusDayBecomesItsIntervals() async throws {
        let peer = try PeerProcess("modbus_meter_sim.py", ["--speed", "\(Int(Self.speed))"])
        defer { peer.stop() }
        let (total, status) = try await Self.simulatedDay(peer, "protocol: modbus-tcp, register: 4096, scale_kwh: 0.01")
        // The peer's built-in shape: 250 kW + 400 kW x max(0, sin(pi (h - 6) / 12)): over 24 h
        // 6,000 + 400 x 24 / pi = 9,055.8 kWh, whatever hour the day starts at.
        #expect(abs(total - 9_055.8) < 9_055.8 * 0.01, "\(total) kWh")
        #expect(status.succeeded > 0)
    }

    @Test func aSimulatedDLT645DayBecomesItsIntervals() async throws {
        // 360 kW in simulated time: 90 kWh per 15 minutes, 8,640 kWh a day. (The package refuses
        // register values above its table's 799,999.99 kWh, so this peer cannot show a rollover;
        // MeterPollerTests shows one on the project's simulated meter.)
        let peer = try PeerProcess("dlt645_meter.py", ["--forward-kwh", "12000.55", "--kw", "360",
                                                        "--speed", "\(Int(Self.speed))"])
        defer { peer.stop() }
        let (total, status) = try await Self.simulatedDay(peer, "protocol: dlt645, address: \"121078563412\"")
        #expect(abs(total - 8_640) < 8_640 * 0.01, "\(total) kWh")
        #expect(status.succeeded > 0)
    }
}
