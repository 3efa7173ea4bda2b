import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// `--park`, `--database` and `--operator-key`, shared by every command that works on a
/// park's data; they open what a use case needs and hand it over as a ``ParkContext``.
struct ParkOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The park file (YAML).", valueName: "park.yaml"))
    var park: String

    @Option(name: .long, help: ArgumentHelp("The store: a SQLite file. Default: <park file name>.sqlite next to the park file.", valueName: "path"))
    var database: String?

    @Option(help: ArgumentHelp("The operator's private key file. Default: <park file name>.operator.key next to the park file.", valueName: "path"))
    var operatorKey: String?

    /// The operator key, which must exist: only `greenpark init` creates one.
    func loadKey() throws -> OperatorKey {
        let path = operatorKey ?? OperatorKeyFile.privatePath(forPark: park)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ArgumentProblem(message: "no operator key at \(path); give --operator-key, or create the park's key "
                + "once with greenpark init --park \(park)")
        }
        return try OperatorKeyFile.load(path: path)
    }

    /// The operator key for signing ledger entries into the park's store: it must exist and
    /// be the park's key (checked before anything is written, and again inside the
    /// transaction that appends).
    func signingKey(for context: ParkContext) throws -> OperatorKey {
        let key = try loadKey()
        try context.stores.certificates.checkSigningKey(key)
        return key
    }

    /// The validated park; warnings go to standard error.
    func loadPark() throws -> Park { try loadParkFile().park }

    /// The park file read whole: the park and how its meters are polled; warnings printed.
    func loadParkFile() throws -> ParkFileResult {
        let result = try ParkFile.load(path: park)
        for warning in result.warnings { Terminal.warn("warning: \(warning)") }
        return result
    }

    /// The directory of the park file (user data files are relative to it).
    var parkDirectory: URL { URL(fileURLWithPath: park).deletingLastPathComponent() }

    var databasePath: String {
        if let database { return database }
        let url = URL(fileURLWithPath: park)
        return url.deletingPathExtension().path + ".sqlite"
    }

    /// Opens the park's database, creating it when there is none yet.
    func openDatabase() throws -> SQLiteDatabase { try SQLiteDatabase(path: databasePath) }

    /// The park and its stores, the database created when there is none yet.
    func context(_ park: Park) throws -> ParkContext {
        try context(park, database: try checked(openDatabase(), for: park))
    }

    /// The park and its stores; an error when nothing was imported yet.
    func existingContext(_ park: Park) throws -> ParkContext {
        guard let database = try openExistingDatabase(for: park) else {
            throw ArgumentProblem(message: "\(databasePath): no store yet; import readings first")
        }
        return try context(park, database: database)
    }

    func context(_ park: Park, database: SQLiteDatabase) throws -> ParkContext {
        ParkContext(park: park, parkFile: URL(fileURLWithPath: self.park), stores: database.stores)
    }

    /// The stored span of the park's meters: from the first stored UTC day to the end of
    /// the last.
    func storedSpan(_ park: Park, _ readings: any ReadingStore) throws -> (Timestamp, Timestamp) {
        let ids = Set(park.meterCatalogue.map(\.id))
        let spans = try readings.meterSpans().filter { ids.contains($0.meter) }
        guard let first = spans.map(\.firstDay).min(), let last = spans.map(\.lastDay).max() else {
            throw ArgumentProblem(message: "no readings stored for this park's meters")
        }
        return (Timestamp(seconds: first * 86_400), Timestamp(seconds: (last + 1) * 86_400))
    }

    /// Opens the store for reading `park`'s data: refuses a store of another park or
    /// resolution. `nil` when there is no store yet (nothing is created).
    func openExistingDatabase(for park: Park) throws -> SQLiteDatabase? {
        guard FileManager.default.fileExists(atPath: databasePath) else { return nil }
        return try checked(openDatabase(), for: park)
    }

    /// Refuses a store of another park or resolution.
    func checked(_ database: SQLiteDatabase, for park: Park) throws -> SQLiteDatabase {
        if let identity = try SQLiteReadingStore(database: database).parkIdentity(),
           identity.parkId != park.settings.id || identity.resolutionMinutes != park.settings.resolution.minutes {
            throw StoreMismatch(message: "\(databasePath) holds park \"\(identity.parkId)\" at \(identity.resolutionMinutes) "
                + "minutes, but the park file says \"\(park.settings.id)\" at \(park.settings.resolution.minutes) minutes; "
                + "choose the right --database")
        }
        return database
    }
}
