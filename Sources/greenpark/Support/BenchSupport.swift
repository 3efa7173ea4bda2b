import Foundation
import GreenParkCore
import GreenParkFormats

/// A park of `meters` meters for benchmarks: members with ten meters each, and one
/// generator per hundred meters.
enum SyntheticPark {
    static func make(meters: Int) -> Park {
        let generators = max(1, meters / 100)
        let memberMeters = meters - generators
        var members: [Member] = []
        var index = 0
        while index < memberMeters {
            let ids = (index..<min(index + 10, memberMeters)).map { "m\(String(format: "%05d", $0))" }
            members.append(Member(id: "member-\(members.count + 1)", name: "Member \(members.count + 1)", meters: ids))
            index += 10
        }
        let gens = (0..<generators).map { g in
            Generator(id: "gen-\(g + 1)", name: "Generator \(g + 1)", technology: .solarPV, capacityKW: Fixed6(100_000),
                      commissioned: CivilDate(year: 2022, month: 1, day: 1), registered: CivilDate(year: 2022, month: 1, day: 1),
                      meter: "g\(String(format: "%05d", g))")
        }
        return Park(settings: ParkSettings(id: "bench-park", name: "Benchmark park", region: "east", policyProfile: "cn-650-2025"),
                    members: members, generators: gens)
    }
}

/// Writes seeded synthetic readings.
enum SyntheticReadings {
    /// Long layout, sorted by time then meter, kWh with three decimals; returns the row count.
    static func writeLong(path: String, park: Park, days: Int, seed: UInt64 = 42) throws -> Int {
        let handle = try Terminal.output(path)
        defer { try? handle.close() }
        let meters = park.meterCatalogue.map { Array($0.id.utf8) }
        var state = seed
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        buffer += Array("meter_id,interval_start,energy_kwh\n".utf8)
        let start = Timestamp(CivilDate(year: 2023, month: 1, day: 1)).seconds
        var rows = 0
        for interval in 0..<(days * 96) {
            let stamp = Array(Timestamp(seconds: start + Int64(interval) * 900).iso8601.utf8)
            for meter in meters {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let milli = Int((state >> 33) % 100_000) // 0.000 ... 99.999 kWh
                buffer += meter
                buffer.append(44)
                buffer += stamp
                buffer.append(44)
                buffer += Array(String(milli / 1000).utf8)
                buffer.append(46)
                let fraction = milli % 1000
                buffer.append(UInt8(48 + fraction / 100)); buffer.append(UInt8(48 + fraction / 10 % 10)); buffer.append(UInt8(48 + fraction % 10))
                buffer.append(10)
                rows += 1
            }
            if buffer.count > 1 << 22 - 4096 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        return rows
    }
}

/// A store that keeps nothing: the importer's parse and validate cost alone.
final class DiscardingReadingStore: ReadingStore, @unchecked Sendable {
    func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T { try body(Transaction()) }
    func days(meter: String, in days: Range<Int64>) throws -> [DayBlock] { [] }
    func parkIdentity() throws -> StoredParkIdentity? { nil }
    func meterSpans() throws -> [MeterSpan] { [] }
    func imports() throws -> [ImportRecord] { [] }
    func revisions() throws -> [RevisionRecord] { [] }
    func registerStates() throws -> [MeterRegisterState] { [] }
    func meterEvents(meter: String?, limit: Int) throws -> [MeterEventRecord] { [] }

    final class Transaction: ReadingStoreTransaction {
        func day(meter: String, day: Int64) throws -> DayBlock? { nil }
        func put(_ block: DayBlock) throws {}
        func parkIdentity() throws -> StoredParkIdentity? { nil }
        func setParkIdentity(_ identity: StoredParkIdentity) throws {}
        func importRecord(sha256: String) throws -> ImportRecord? { nil }
        func add(_ record: ImportRecord) throws -> Int64 { 1 }
        func add(_ revisions: [RevisionRecord]) throws {}
        func save(_ states: [MeterRegisterState]) throws {}
        func add(_ events: [MeterEventRecord]) throws {}
    }
}

/// Peak resident memory of this process.
enum PeakMemory {
    static func residentKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}

/// CPU time of this process (user + system, all threads), seconds: with other work on the
/// machine, more telling than the wall clock.
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func value(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}

/// Times `sqlite3 DB .import` of a CSV into a plain table, when sqlite3 is installed.
enum SQLite3Import {
    static func time(csv: String, database: String) throws -> Double? {
        let candidates = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Terminal.warn("sqlite3 not found: comparison skipped")
            return nil
        }
        try? FileManager.default.removeItem(atPath: database)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [database, "CREATE TABLE readings(meter_id TEXT, interval_start TEXT, energy_kwh REAL);",
                             ".mode csv", ".import --skip 1 \(csv) readings"]
        Terminal.warn("sqlite3 .import ...")
        let clock = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return (ContinuousClock.now - clock).seconds
    }
}
