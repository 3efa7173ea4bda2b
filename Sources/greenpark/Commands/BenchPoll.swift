import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkMetering
import GreenParkServices
import GreenParkStore
import GreenParkMeterCodecs

/// `greenpark bench poll`: one poller process against many simulated meters.
struct BenchPoll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Poll many simulated meters on a fixed cadence and count missed polls.",
        discussion: "Starts --meters simulated meters (Modbus TCP or DL/T 645, one TCP port each) in a second "
            + "process of this program, writes a park file with one member per meter and a poll: entry each "
            + "(period --period seconds, 5-minute intervals), and polls them from this process into a new SQLite "
            + "store for --seconds, on the wall clock. Prints reads, failures, missed poll slots (a slot that "
            + "passed while the poll before was still running), the largest lateness of a poll after its slot, "
            + "the stored intervals, and this process's CPU time and peak memory."
    )

    @Option(help: "Simulated meters.") var meters = 1000
    @Option(help: ArgumentHelp("Seconds between two reads of a meter.", valueName: "s")) var period = 1.0
    @Option(help: ArgumentHelp("How long to poll, in seconds.", valueName: "s")) var seconds = 60.0
    @Option(help: "modbus or dlt645.") var kind = "modbus"
    @Option(help: .hidden) var simulate: Int?

    func run() throws {
        guard let simulatorKind = MeterSimulator.Kind(rawValue: kind), meters > 0, meters <= 20_000, period >= 0.1,
              seconds > 0 else {
            throw ValidationError("--kind modbus|dlt645, --meters 1-20000, --period >= 0.1, --seconds > 0")
        }
        if let simulate { return try Self.simulate(simulate, simulatorKind) }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("greenpark-bench-poll-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (child, ports) = try Self.startSimulator(meters: meters, kind: kind)
        defer { child.terminate() }
        let parkFile = directory.appendingPathComponent("park.yaml")
        try Self.park(ports: ports, kind: simulatorKind, period: period).write(to: parkFile, atomically: true,
                                                                              encoding: .utf8)
        let file = try ParkFile.load(path: parkFile.path)
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("park.sqlite").path)
        let context = ParkContext(park: file.park, parkFile: parkFile, stores: database.stores)
        let poller = MeterPoller(telemetry: try TelemetryService(context: context, polling: file.polling))
        Terminal.warn("polling \(meters) \(kind) meters every \(period) s for \(seconds) s ...")
        let cpu = CPUTime.now()
        let wall = ContinuousClock.now
        let seconds = self.seconds
        try ServeCommand.wait {
            let task = Task { try await poller.run() }
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            task.cancel()
            try await task.value
        }
        let elapsed = (ContinuousClock.now - wall).seconds
        let statuses = poller.status
        let intervals = try database.stores.readings.imports().filter { $0.fileName == "poll" }.map(\.added)
            .reduce(0, +)
        let reads = statuses.map(\.succeeded).reduce(0, +)
        print("""
            meters: \(meters) (\(kind)), period \(period) s, \(String(format: "%.1f", elapsed)) s
            reads: \(reads) (\(String(format: "%.0f", Double(reads) / elapsed))/s), failed polls: \
            \(statuses.map(\.failed).reduce(0, +)), retries: \(statuses.map(\.retries).reduce(0, +))
            missed poll slots: \(statuses.map(\.missed).reduce(0, +))
            largest lateness after a slot: \(statuses.map(\.maximumLatenessMillis).max() ?? 0) ms
            meters that never answered: \(statuses.filter { $0.succeeded == 0 }.count)
            intervals stored: \(intervals)
            poller CPU: \(String(format: "%.1f", CPUTime.now() - cpu)) s user+system \
            (\(String(format: "%.0f", 100 * (CPUTime.now() - cpu) / elapsed)) % of one core), \
            peak memory \(PeakMemory.residentKB() / 1024) MiB
            """)
        try database.pool.close()
    }

    static func park(ports: [Int], kind: MeterSimulator.Kind, period: Double) -> String {
        var yaml = """
            version: 1
            park: {id: bench-poll, name: Poll benchmark, timezone: Asia/Shanghai, country: CN, region: east,
                   resolution_minutes: 5, connection: grid-connected, policy_profile: cn-650-2025}
            generators: []
            members:

            """
        for index in ports.indices { yaml += "  - {id: m\(index), name: M \(index), meters: [meter-\(index)]}\n" }
        yaml += "meters:\n"
        for (index, port) in ports.enumerated() {
            let target = kind == .modbus ? "protocol: modbus-tcp, register: 4096, scale_kwh: 0.01"
                : "protocol: dlt645, address: \"\(Self.address(index))\""
            yaml += "  - {id: meter-\(index), poll: {\(target), host: 127.0.0.1, port: \(port), "
                + "period_seconds: \(period)}}\n"
        }
        return yaml + "telemetry: {timeout_ms: 1000, retries: 1}\n"
    }

    static func address(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// The simulator: this program again with --simulate, which prints its ports on one line.
    static func startSimulator(meters: Int, kind: String) throws -> (Process, [Int]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bench", "poll", "--simulate", "\(meters)", "--kind", kind]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ValidationError("the meter simulator stopped before it listened") }
            line.append(chunk)
        }
        let ports = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return (process, ports)
    }

    /// Runs `count` simulated meters (600 kW each) until killed.
    static func simulate(_ count: Int, _ kind: MeterSimulator.Kind) throws {
        try ServeCommand.wait {
            let meters = try (0..<count).map { index in
                SimulatedMeter(registerWh: 1_000_000 + Int64(index) * 1000, wattHoursPerSecond: 167,
                               address: try DLT645Address(meterNumber: Self.address(index)))
            }
            let simulator = try await MeterSimulator.start(kind, meters: meters)
            FileHandle.standardOutput.write(Data((simulator.ports.map(String.init).joined(separator: " ") + "\n").utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}

/// CPU time (user + system) of this process, in seconds.
enum CPUTime {
    static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
