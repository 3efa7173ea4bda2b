import Foundation
import GreenParkCore
import GreenParkMetering
import GreenParkStore
import Testing

/// `greenpark poll` against simulated Modbus meters in this process.
@Suite(.serialized) struct PollCommandTests {
    static func park(_ ports: [Int], in directory: URL) throws -> String {
        var yaml = """
            version: 1
            park: {id: cli-poll, name: CLI poll, timezone: Asia/Shanghai, country: CN, region: east,
                   resolution_minutes: 15, connection: grid-connected, policy_profile: cn-650-2025}
            generators: []
            members:

            """
        for index in ports.indices { yaml += "  - {id: m\(index), name: M\(index), meters: [meter-\(index)]}\n" }
        yaml += "meters:\n"
        for (index, port) in ports.enumerated() {
            yaml += "  - {id: meter-\(index), poll: {protocol: modbus-tcp, host: 127.0.0.1, port: \(port), "
                + "register: 4096, scale_kwh: 0.01, period_seconds: 1}}\n"
        }
        yaml += "telemetry: {timeout_ms: 500, retries: 0, dead_after_failures: 1}\n"
        let path = directory.appendingPathComponent("park.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func onceReadsEveryMeterStoresItsStateAndFailsWhenOneDoesNotAnswer() async throws {
        let meters = [SimulatedMeter(registerWh: 1_234_560), SimulatedMeter(registerWh: 50)]
        let simulator = try await MeterSimulator.start(.modbus, meters: meters)
        defer { Task { await simulator.stop() } }
        let directory = try CLI.directory()
        let park = try Self.park(simulator.ports, in: directory)
        // 1,234,560 Wh in 0.01 kWh counts = 123,456 -> 1234.560 kWh.
        let first = try CLI.run(["poll", "--park", park, "--once"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("meter-0\t1234.560\t1\t0\tno"))
        #expect(first.stdout.contains("meter-1\t0.050\t1\t0\tno"))
        // The register states went to the store next to the park file.
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("park.sqlite").path)
        #expect(try database.stores.readings.registerStates().map(\.meter) == ["meter-0", "meter-1"])
        try database.pool.close()
        meters[1].set(.silent)
        let second = try CLI.run(["poll", "--park", park, "--once"])
        #expect(second.status == 1)
        #expect(second.stdout.contains("no answer within 500 ms"))
        let events = try CLI.run(["poll", "--park", park, "--events", "5"])
        #expect(events.status == 0)
        #expect(events.stdout.contains("meter-1\tdead"))
    }

    @Test func aSecondPollerOnTheSameStoreIsRefused() async throws {
        let meters = [SimulatedMeter(registerWh: 10_000)]
        let simulator = try await MeterSimulator.start(.modbus, meters: meters)
        defer { Task { await simulator.stop() } }
        let directory = try CLI.directory()
        let park = try Self.park(simulator.ports, in: directory)
        let resident = try CLI.start(["poll", "--park", park, "--status-seconds", "0"])
        defer { kill(resident.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(60)
        while meters[0].requests == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let second = try CLI.run(["poll", "--park", park, "--once"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another poller"))
    }

    @Test func aWildcardDLT645AddressCannotBePolled() throws {
        let directory = try CLI.directory()
        let path = try Self.park([5020], in: directory)
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "protocol: modbus-tcp, host: 127.0.0.1, port: 5020, register: 4096, scale_kwh: 0.01",
            with: "protocol: dlt645, host: 127.0.0.1, port: 5020, address: \"AAAAAAAAAAAA\"")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["poll", "--park", path, "--once"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("a wildcard (A) cannot be polled"))
    }

    @Test func aParkWithoutPolledMetersIsBadInput() throws {
        let directory = try CLI.directory()
        let path = try Self.park([5020], in: directory)
        // The same park with its meter settings but no poll: entry.
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: #"poll: \{[^}]*\}"#, with: "max_kw: 10", options: .regularExpression)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["poll", "--park", path, "--once"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("has no meter with a poll: entry"))
    }

    @Test func aBadPollEntryNamesItsField() throws {
        let directory = try CLI.directory()
        let path = try Self.park([5020], in: directory)
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "scale_kwh: 0.01", with:
            "scale_kwh: 0.01, address: \"121078563412\"")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["poll", "--park", path, "--once"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("meters[0].poll.address"))
        #expect(result.stderr.contains("does not apply to protocol modbus-tcp"))
    }

    @Test func aResidentPollerStopsOnSIGTERMAndStoresWhatItRead() async throws {
        let meters = [SimulatedMeter(registerWh: 10_000, wattHoursPerSecond: 1_000)]
        let simulator = try await MeterSimulator.start(.modbus, meters: meters)
        defer { Task { await simulator.stop() } }
        let directory = try CLI.directory()
        let park = try Self.park(simulator.ports, in: directory)
        let process = try CLI.start(["poll", "--park", park, "--flush-seconds", "60", "--status-seconds", "0"])
        try await Task.sleep(for: .milliseconds(3500))
        process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        // Nothing was flushed before SIGTERM (--flush-seconds 60): the state is the final flush's.
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("park.sqlite").path)
        let state = try database.stores.readings.registerStates().first
        #expect(state?.last != nil)
        #expect((state?.last?.rawWh ?? 0) >= 10_000)
        try database.pool.close()
        #expect(meters[0].requests >= 2)
    }
}

/// `greenpark serve` polls the park's meters too, and /metrics shows them.
@Suite(.serialized) struct ServePollTests {
    @Test func theServerPollsItsMetersAndExportsTheirState() async throws {
        let meters = [SimulatedMeter(registerWh: 10_000, wattHoursPerSecond: 100), SimulatedMeter(registerWh: 5)]
        meters[1].set(.silent)
        let simulator = try await MeterSimulator.start(.modbus, meters: meters)
        defer { Task { await simulator.stop() } }
        let directory = try CLI.directory()
        let park = try PollCommandTests.park(simulator.ports, in: directory)
        let output = directory.appendingPathComponent("serve.out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--park", park, "--port", "0", "--log-level", "warning"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var base: URL?
        let deadline = Date().addingTimeInterval(60)
        while base == nil, Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                base = URL(string: String(text[range]))
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let url = try #require(base)
        try await Task.sleep(for: .milliseconds(3500))
        let metrics = String(decoding: try TinyHTTP.send(url.appendingPathComponent("metrics")).body, as: UTF8.self)
        #expect(metrics.contains(#"greenpark_meter_up{meter="meter-0"} 1"#))
        #expect(metrics.contains(#"greenpark_meter_up{meter="meter-1"} 0"#))
        #expect(metrics.contains(#"greenpark_meter_polls_total{meter="meter-0",result="ok"}"#))
        process.terminate()
        while process.isRunning, Date() < deadline.addingTimeInterval(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(process.terminationStatus == 0)
        // The poller stopped before the store closed: its last state and the dead meter are stored.
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("park.sqlite").path)
        #expect(try database.stores.readings.registerStates().contains { $0.meter == "meter-0" && $0.last != nil })
        #expect(try database.stores.readings.meterEvents(meter: "meter-1", limit: 5).contains { $0.kind == .dead })
        try database.pool.close()
    }
}
