import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// The valid starting point of every fuzz case, built once per fuzz run in a scratch
/// directory by the real code: the base park file and tariff, a SQLite store with the
/// base day imported, certificates issued, transferred and redeemed, and member a's
/// evidence pack for that day (which must verify). Fixed times and a fixed key make it
/// the same on every run, so a seed always gives the same cases.
struct FuzzBase {
    let directory: URL
    var parkFile: URL { directory.appendingPathComponent("park.yaml") }
    var storeFile: URL { directory.appendingPathComponent("base.sqlite") }
    /// The pack as written by GreenPark (deflated) and re-archived with stored entries.
    var packFile: URL { directory.appendingPathComponent("pack.zip") }
    var storedPackFile: URL { directory.appendingPathComponent("pack-stored.zip") }

    static let time = Timestamp(seconds: 1_700_000_000)  // 2023-11-14T22:13:20Z
    static var key: OperatorKey { try! OperatorKey(rawRepresentation: [UInt8](repeating: 7, count: 32)) }

    /// Builds everything in `directory`; fails (a broken installation, not a finding) when
    /// the base pack does not verify.
    static func build(in directory: URL) throws -> FuzzBase {
        let base = FuzzBase(directory: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FuzzSeeds.park.write(to: base.parkFile, atomically: true, encoding: .utf8)
        try FuzzSeeds.tariff.write(
            to: directory.appendingPathComponent("tariff.yaml"), atomically: true, encoding: .utf8)
        let park = try ParkFile.load(path: base.parkFile.path).park
        do {
            let database = try SQLiteDatabase(path: base.storeFile.path)
            let context = FuzzBase.context(park, database, directory.appendingPathComponent("park.yaml"))
            let importer = ReadingsImporter(park: park, store: context.stores.readings)
            for (name, text) in [("long.csv", FuzzSeeds.longReadings), ("register.csv", FuzzSeeds.registerReadings)] {
                let file = directory.appendingPathComponent(name)
                try text.write(to: file, atomically: true, encoding: .utf8)
                _ = try importer.importFile(at: file.path, options: ImportOptions(now: time))
            }
            let allocation = try AllocationService(context: context)
                .compute(from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .fail)
            _ = try CertificateService(context: context, key: key).certify(
                allocation, scheme: .granular, redeem: true, at: time)
            let production = try CBAMProductionReader.parse(FuzzSeeds.production, file: "production.csv", park: park)
            var pack = try EvidenceService(context: context)
                .pack(member: "a", from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .fail, production: production).pack
            // Fixed creation time; the reports (which carry the time of writing) are left out.
            pack.facts = pack.facts.map { $0.0 == "created_at" ? ($0.0, .string(time.iso8601)) : $0 }
            pack.files.removeAll { $0.path.hasPrefix("reports/") }
            try pack.write(to: base.packFile, key: key)
        }
        let files = try EvidencePack.read(base.packFile)
        let verified = EvidenceVerifier.verify(files: files)
        guard verified.passed else {
            throw FuzzSetupError(
                message: "the fuzzer's base evidence pack does not verify: \(verified.checks.filter { !$0.passed })")
        }
        let stored = FuzzZip.archive(files.keys.sorted().map { ($0, [UInt8](files[$0]!)) })
        try Data(stored).write(to: base.storedPackFile)
        return base
    }
}

/// The fuzzer cannot start.
struct FuzzSetupError: GreenParkError {
    var message: String
    var code: String { "fuzz.setup" }
    var isBadInput: Bool { false }
}

extension FuzzBase {
    /// The park and its stores, at the fuzzer's fixed time.
    static func context(_ park: Park, _ database: SQLiteDatabase, _ parkFile: URL) -> ParkContext {
        ParkContext(park: park, parkFile: parkFile, stores: database.stores, now: { FuzzBase.time })
    }
}
