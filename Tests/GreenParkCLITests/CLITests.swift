import Foundation
import GreenParkFormats
import GreenParkCore
import GreenParkStore
import Testing

/// Runs the built `greenpark` binary, as a user would.
enum CLI {
    static var binary: URL {
        // GREENPARK_BINARY runs the suite against another build (e.g. an older one, to see a test fail there).
        if let path = ProcessInfo.processInfo.environment["GREENPARK_BINARY"] { return URL(fileURLWithPath: path) }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("greenpark")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        // swift test's default layout: <package>/.build/debug/greenpark
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/greenpark")
    }

    struct Result {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        try execute(binary, arguments, environment: environment, in: directory)
    }

    /// Runs any program to its end and collects what it printed.
    static func execute(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts the binary without waiting (its output is discarded).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a shell command; returns its standard output and error together.
    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh directory holding `park.yaml` (``parkYAML``).
    static func parkDirectory() throws -> (URL, URL) {
        let dir = try directory()
        let park = dir.appendingPathComponent("park.yaml")
        try parkYAML.write(to: park, atomically: true, encoding: .utf8)
        return (dir, park)
    }

    static let parkYAML = """
        version: 1
        park:
          id: cli-park
          name: CLI Park
          timezone: Asia/Shanghai
          region: east
          resolution_minutes: 15
          policy_profile: cn-650-2025
        members:
          - id: a
            name: A
            meters: [a1]
        generators:
          - id: g
            name: G
            technology: wind
            capacity_kw: 100
            commissioned: 2022-01-01
            registered: 2022-01-01
            meter: g1

        """
}

@Suite("The greenpark command line", .serialized)
struct CLITests {
    @Test("park check: ok, and a bad file with field and line, exit code 2")
    func parkCheck() throws {
        let dir = try CLI.directory()
        let good = dir.appendingPathComponent("park.yaml")
        try CLI.parkYAML.write(to: good, atomically: true, encoding: .utf8)
        let ok = try CLI.run(["park", "check", good.path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("ok: park cli-park"))
        let bad = dir.appendingPathComponent("bad.yaml")
        try CLI.parkYAML.replacingOccurrences(of: "resolution_minutes: 15", with: "resolution_minutes: 20").write(to: bad, atomically: true, encoding: .utf8)
        let failed = try CLI.run(["park", "check", bad.path])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("bad.yaml:7:"))
        #expect(failed.stderr.contains("resolution_minutes"))
    }

    @Test("import then export gives back what went in; a bad file exits 2 and changes nothing")
    func importExport() throws {
        let (dir, park) = try CLI.parkDirectory()
        let readings = dir.appendingPathComponent("r.csv")
        try "meter_id,interval_start,energy_kwh\na1,2023-01-01T00:00:00Z,1.5\na1,2023-01-01T00:15:00Z,2.25\ng1,2023-01-01T00:00:00Z,10\n".write(to: readings, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["import", "--park", park.path, readings.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("3 added"))
        let exported = try CLI.run(["export", "readings", "--park", park.path])
        #expect(exported.status == 0)
        #expect(exported.stdout == """
            meter_id,interval_start,energy_wh,quality
            a1,2023-01-01T00:00:00Z,1500,measured
            a1,2023-01-01T00:15:00Z,2250,measured
            g1,2023-01-01T00:00:00Z,10000,measured

            """)
        let window = try CLI.run(["export", "readings", "--park", park.path, "--meter", "a1", "--from", "2023-01-01T00:15:00Z", "--to", "2023-01-02"])
        #expect(window.stdout.split(separator: "\n").count == 2)

        let bad = dir.appendingPathComponent("bad.csv")
        try "meter_id,interval_start,energy_kwh\na1,2023-01-01T00:30:00Z,1\na1,2023-01-01T00:45:00Z,-1\n".write(to: bad, atomically: true, encoding: .utf8)
        let rejected = try CLI.run(["import", "--park", park.path, bad.path])
        #expect(rejected.status == 2)
        #expect(rejected.stderr.contains("bad.csv:3: negative energy"))
        #expect(try CLI.run(["export", "readings", "--park", park.path]).stdout == exported.stdout)

        let again = try CLI.run(["import", "--park", park.path, readings.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported"))
    }

    @Test("a process killed inside the import transaction leaves the store as before")
    func killedImport() throws {
        let (dir, park) = try CLI.parkDirectory()
        let first = dir.appendingPathComponent("first.csv")
        try "meter_id,interval_start,energy_wh\na1,2023-01-01T00:00:00Z,7\n".write(to: first, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["import", "--park", park.path, first.path]).status == 0)
        let before = try CLI.run(["export", "readings", "--park", park.path]).stdout

        var text = "meter_id,interval_start,energy_wh\n"
        for i in 1..<20_000 { text += "a1,\(Timestamp(seconds: 1_672_531_200 + Int64(i) * 900)),\(i % 97)\n" }
        let big = dir.appendingPathComponent("big.csv")
        try text.write(to: big, atomically: true, encoding: .utf8)
        let killed = try CLI.run(["import", "--park", park.path, big.path], environment: ["GREENPARK_FAULT": "kill-before-commit"])
        #expect(killed.signalled)
        #expect(killed.status == SIGKILL)
        // The WAL holds an uncommitted transaction at most; reopening discards it.
        #expect(try CLI.run(["export", "readings", "--park", park.path]).stdout == before)
        let store = try SQLiteReadingStore(path: dir.appendingPathComponent("park.sqlite").path)
        #expect(try store.imports().count == 1)
        // And the same file imports normally afterwards.
        let retry = try CLI.run(["import", "--park", park.path, big.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("19,999 added"))
    }

    @Test("--dry-run checks without storing")
    func dryRun() throws {
        let (dir, park) = try CLI.parkDirectory()
        let readings = dir.appendingPathComponent("r.csv")
        try "meter_id,interval_start,energy_wh\na1,2023-01-01T00:00:00Z,7\n".write(to: readings, atomically: true, encoding: .utf8)
        let dry = try CLI.run(["import", "--park", park.path, "--dry-run", readings.path])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("dry run: valid, nothing stored"))
        #expect(try CLI.run(["export", "readings", "--park", park.path]).stdout == "meter_id,interval_start,energy_wh,quality\n")
    }

    @Test("the demo runs with no arguments and imports a full year")
    func demo() throws {
        let dir = try CLI.directory()
        let result = try CLI.run(["demo"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("140,160 added"))   // 4 load meters x 35,040 quarter hours
        #expect(result.stdout.contains("35,040 added"))    // PV: 8,760 hours split in 4
        #expect(result.stdout.contains("estimated"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("greenpark-demo/park.sqlite").path))
        let check = try CLI.run(["park", "check", dir.appendingPathComponent("greenpark-demo/park.yaml").path])
        #expect(check.status == 0)
        #expect(result.stdout.contains("ok   cbam: emissions/cbam.csv recomputed from the raw data: identical, 4 rows"))
        // The what-if: a battery scheduled for matching raises the park's self-consumption.
        let selfConsumption = try #require(result.stdout.split(separator: "\n").first {
            $0.contains("park self-consumption")
        }).split(separator: "%").map { Double($0.split(separator: " ").last ?? "") ?? -1 }
        #expect(selfConsumption.count >= 3 && selfConsumption[1] > selfConsumption[0], "\(selfConsumption)")
        // summary.json and scope2.csv agree on what certificates cover (the year's row).
        let results = dir.appendingPathComponent("greenpark-demo/results")
        let scope2 = try String(contentsOf: results.appendingPathComponent("scope2.csv"), encoding: .utf8).split(separator: "\n")
        let summary = try String(contentsOf: results.appendingPathComponent("summary.json"), encoding: .utf8)
        let yearRow = try #require(scope2.first { $0.hasPrefix("auto-parts,2023,") }).split(separator: ",")
        #expect(summary.contains("\"covered_wh\": \(yearRow[7])"))
        // A month's report counts the certificates of that month from the yearly redemption.
        let mayRow = try #require(scope2.first { $0.hasPrefix("auto-parts,2023-05,") }).split(separator: ",")
        let park = dir.appendingPathComponent("greenpark-demo/park.yaml").path
        let may = try CLI.run(["evidence", "--park", park, "--member", "auto-parts", "--period", "2023-05", "--gaps", "skip-interval",
                               "--out", dir.appendingPathComponent("may.zip").path])
        #expect(may.status == 0, "\(may.stderr)")
        let pack = try EvidencePack.read(dir.appendingPathComponent("may.zip"))
        let packed = String(decoding: pack["emissions/scope2.csv"]!, as: UTF8.self).split(separator: "\n")[1].split(separator: ",")
        #expect(packed[7] == mayRow[7] && packed[9] == mayRow[9], "covered and market-based of May: \(packed) vs \(mayRow)")
        let verify = try CLI.run(["evidence", "verify", dir.appendingPathComponent("may.zip").path])
        #expect(verify.status == 0, "\(verify.stdout)")
        // The README tour's run on the demo park: each plant in its own scheme, nothing to correct.
        let tour = try CLI.run(["run", "--park", park, "--from", "2023-05-01", "--to", "2023-06-01", "--gaps", "skip-interval",
                                "--out", dir.appendingPathComponent("tour").path])
        #expect(tour.status == 0 && tour.stdout.contains("0 corrections"), "\(tour.stderr)")
    }
}
