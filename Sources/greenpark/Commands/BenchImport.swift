import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// `greenpark bench import`: rows per second for parse+validate and for parse+validate+store.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time the import of a year of 15-minute data for many meters.",
        discussion: """
            Generates a long-layout CSV (meter_id,interval_start,energy_kwh; seeded values,
            sorted by time), then imports it twice: into a store that discards what it is given
            (parse + validate) and into a fresh SQLite store (parse + validate + store). With
            sqlite3 on the PATH it also times `sqlite3 .import` of the same file into a plain
            table, for comparison. Prints rows/s and the peak memory of the process.
            """
    )

    @Option(help: "Number of meters.")
    var meters: Int = 1000

    @Option(help: "Number of days (15-minute intervals).")
    var days: Int = 365

    @Option(help: "Directory for the generated file and stores (default: a new temporary directory, removed afterwards).")
    var directory: String?

    @Flag(help: "Skip the sqlite3 .import comparison.")
    var skipSqlite3 = false

    @Flag(help: "Print the results as JSON.")
    var json = false

    func run() throws {
        try Terminal.run {
            let manager = FileManager.default
            let dir = directory ?? NSTemporaryDirectory() + "greenpark-bench-\(getpid())"
            try manager.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { if directory == nil { try? manager.removeItem(atPath: dir) } }
            let park = SyntheticPark.make(meters: meters)
            let csv = dir + "/readings.csv"
            Terminal.warn("generating \(Terminal.grouped(meters * days * 96)) rows in \(csv)")
            let rows = try SyntheticReadings.writeLong(path: csv, park: park, days: days)
            let size = (try manager.attributesOfItem(atPath: csv)[.size] as? Int64) ?? 0

            var results: [String: Double] = ["rows": Double(rows), "file_bytes": Double(size)]
            let options = ImportOptions(memoryBudgetMB: 256)

            Terminal.warn("parse + validate ...")
            let dry = try ReadingsImporter(park: park, store: DiscardingReadingStore())
                .importFile(at: csv, options: options, progress: Render.importProgress())
            results["parse_validate_seconds"] = dry.seconds
            results["parse_validate_rows_per_second"] = Double(rows) / dry.seconds

            Terminal.warn("parse + validate + store (SQLite) ...")
            let dbPath = dir + "/bench.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: dbPath + suffix) }
            let store = try SQLiteReadingStore(path: dbPath)
            let stored = try ReadingsImporter(park: park, store: store)
                .importFile(at: csv, options: options, progress: Render.importProgress())
            results["store_seconds"] = stored.seconds
            results["store_rows_per_second"] = Double(rows) / stored.seconds
            results["intervals_stored"] = Double(stored.statistics.added)
            results["peak_rss_mb"] = Double(PeakMemory.residentKB()) / 1024

            if !skipSqlite3, let seconds = try SQLite3Import.time(csv: csv, database: dir + "/sqlite3-import.sqlite") {
                results["sqlite3_import_seconds"] = seconds
                results["sqlite3_import_rows_per_second"] = Double(rows) / seconds
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                func rate(_ key: String) -> String { Terminal.grouped(Int64(results[key] ?? 0)) }
                print("rows: \(Terminal.grouped(rows)) (\(meters) meters x \(days) days x 96), file \(size / 1_048_576) MiB")
                print("parse + validate:          \(String(format: "%6.2f", results["parse_validate_seconds"]!)) s  \(rate("parse_validate_rows_per_second")) rows/s")
                print("parse + validate + store:  \(String(format: "%6.2f", results["store_seconds"]!)) s  \(rate("store_rows_per_second")) rows/s")
                if let s = results["sqlite3_import_seconds"] {
                    print("sqlite3 .import (no checks, no index): \(String(format: "%6.2f", s)) s  \(rate("sqlite3_import_rows_per_second")) rows/s")
                }
                print("peak memory (RSS): \(Int(results["peak_rss_mb"]!)) MiB")
            }
        }
    }
}
