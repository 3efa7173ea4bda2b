import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// Runs one fuzz case through the real entry points and checks what must hold for any
/// input: bad input is a thrown ``GreenParkError`` (never a trap, never another error);
/// a refused import leaves the store row for row and byte for byte as it was; an accepted
/// import imported again changes nothing. Inputs that are accepted go on through what
/// `run` does with them (allocation, certificates, Scope 2, CBAM, 45V, the report,
/// shared costs and settlement), where bad values must be refused in the same way.
final class FuzzHarness {
    let base: FuzzBase
    let scratch: URL
    let park: Park
    let production: [CBAMProduction]
    private var store: SQLiteDatabase?
    private var workFile: URL { scratch.appendingPathComponent("work.sqlite") }
    /// Directories with a park file's neighbours (tariff, a valid policy profile file).
    private let parkCase: URL, tariffCase: URL

    init(base: FuzzBase, scratch: URL) throws {
        self.base = base
        self.scratch = scratch
        parkCase = scratch.appendingPathComponent("park-case")
        tariffCase = scratch.appendingPathComponent("tariff-case")
        for dir in [parkCase, tariffCase] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        try FuzzSeeds.tariff.write(
            to: parkCase.appendingPathComponent("tariff.yaml"), atomically: true, encoding: .utf8)
        try "id: rules\nname: Rules\nsource: fuzz\nchecks:\n  - id: green_share\n    min: 0.2\n"
            .write(to: parkCase.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try FuzzSeeds.park.write(to: tariffCase.appendingPathComponent("park.yaml"), atomically: true, encoding: .utf8)
        park = try ParkFile.load(path: base.parkFile.path).park
        production = try CBAMProductionReader.parse(FuzzSeeds.production, file: "production.csv", park: park)
        try resetStore()
    }

    /// `accepted`, `refused` (a pack that does not verify), `rejected CODE` or `failure WHY`.
    func run(_ input: FuzzInput) -> String {
        let file = scratch.appendingPathComponent("input.\(input.kind.fileExtension)")
        do {
            try Data(input.bytes).write(to: file)
            switch input.kind {
            case .park: try runPark(file)
            case .readings: return try runReadings(file, bytes: input.bytes)
            case .tariff: try runTariff(file)
            case .production: try runProduction(file)
            case .evidence:
                return EvidenceVerifier.verify(files: try EvidencePack.read(file)).passed ? "accepted" : "refused"
            }
            return "accepted"
        } catch let error as any GreenParkError {
            return "rejected \(error.code)"
        } catch let failure as FuzzFailure {
            return "failure \(failure.why)"
        } catch {
            return "failure not a GreenParkError: \(type(of: error)): \(error)"
        }
    }

    private func runPark(_ file: URL) throws {
        let path = parkCase.appendingPathComponent("park.yaml")
        try? FileManager.default.removeItem(at: path)
        try FileManager.default.copyItem(at: file, to: path)
        let park = try ParkFile.load(path: path.path).park
        // The importer's checks of the park's meters and limits, on the base day.
        let long = scratch.appendingPathComponent("long.csv")
        if !FileManager.default.fileExists(atPath: long.path) {
            try FuzzSeeds.longReadings.write(to: long, atomically: true, encoding: .utf8)
        }
        _ = try ReadingsImporter(park: park, store: DiscardingReadingStore()).importFile(
            at: long.path, options: ImportOptions(now: FuzzBase.time))
        try downstream(park, directory: parkCase, production: nil)
    }

    private func runTariff(_ file: URL) throws {
        let path = tariffCase.appendingPathComponent("tariff.yaml")
        try? FileManager.default.removeItem(at: path)
        try FileManager.default.copyItem(at: file, to: path)
        _ = try TariffCatalog.tariff("tariff.yaml", parkDirectory: tariffCase)
        _ = try SettlementService(context: FuzzBase.context(park, try openStore(), tariffCase.appendingPathComponent("park.yaml")))
            .months(from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .skipInterval)
    }

    private func runProduction(_ file: URL) throws {
        let rows = try CBAMProductionReader.read(path: file.path, park: park)
        try downstream(park, directory: base.directory, production: rows)
    }

    /// Imports into the work store with options drawn from the bytes (so a corpus file
    /// alone replays its case), checking the store on every path.
    private func runReadings(_ file: URL, bytes: [UInt8]) throws -> String {
        let options = Self.options(for: bytes)
        let store = try openStore()
        let before = try snapshot(store)
        let importer = ReadingsImporter(park: park, store: SQLiteReadingStore(database: store))
        let report: ImportReport
        do {
            report = try importer.importFile(at: file.path, options: options)
        } catch {
            guard try snapshot(store) == before else {
                throw FuzzFailure(
                    why: "a refused import (\((error as? any GreenParkError)?.code ?? "\(error)")) changed the store")
            }
            throw error
        }
        if report.dryRun || report.alreadyImported != nil {
            guard try snapshot(store) == before else {
                throw FuzzFailure(why: "a dry run or a repeated file changed the store")
            }
            return "accepted"
        }
        defer { try? resetStore() }
        let after = try snapshot(store)
        let again = try importer.importFile(at: file.path, options: options)
        guard again.alreadyImported != nil, try snapshot(store) == after else {
            throw FuzzFailure(why: "importing an accepted file a second time changed the store")
        }
        try downstream(park, directory: base.directory, production: production)
        let context = FuzzBase.context(park, store, base.parkFile)
        let allocation = try AllocationService(context: context)
            .compute(from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .skipInterval)
        _ = try CertificateService(context: context, key: FuzzBase.key).certify(
            allocation, scheme: .gec, redeem: true, at: FuzzBase.time)
        return "accepted"
    }

    /// What `run` computes from a park and stored data, written nowhere.
    private func downstream(_ park: Park, directory: URL, production: [CBAMProduction]?) throws {
        let context = FuzzBase.context(park, try openStore(), directory.appendingPathComponent("park.yaml"))
        let allocation = try AllocationService(context: context)
            .compute(from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .skipInterval)
        let emissions = EmissionsService(context: context)
        let result = try emissions.compute(
            allocation, production: park.members.contains { !$0.installations.isEmpty } ? production : nil)
        _ = try emissions.html(result, member: park.members.first?.id, language: .zh)
        if park.settlement != nil {
            _ = try SettlementService(context: context).months(
                from: FuzzSeeds.from, to: FuzzSeeds.to, gaps: .skipInterval)
        }
    }

    /// Import options drawn from the file's bytes: split, estimation, replace, unit, dry run.
    static func options(for bytes: [UInt8]) -> ImportOptions {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var options = ImportOptions(now: FuzzBase.time)
        if h & 1 != 0 { options.split = .even }
        if h & 2 != 0 { options.estimation = .linear; options.maxGap = Int((h >> 8) % 10) }
        options.replace = h & 4 != 0
        options.dryRun = h & 8 != 0 && h & 16 != 0
        options.wideUnit = EnergyDecimal.Unit.allCases[Int((h >> 16) % 3)]
        if h & 32 != 0 { options.inputResolutionMinutes = [1, 5, 10, 15, 30, 60, 7][Int((h >> 24) % 7)] }
        return options
    }

    /// The store's rows and the bytes of its database file.
    private func snapshot(_ store: SQLiteDatabase) throws -> [String] {
        let bytes = (try? Data(contentsOf: workFile)) ?? Data()
        return try store.contents() + [EvidencePack.sha256(bytes)]
    }

    private func openStore() throws -> SQLiteDatabase {
        if let store { return store }
        let opened = try SQLiteDatabase(path: workFile.path)
        store = opened
        return opened
    }

    /// A fresh copy of the base store.
    private func resetStore() throws {
        store = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: workFile.path + suffix) }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: base.storeFile.path + suffix) {
            try FileManager.default.copyItem(atPath: base.storeFile.path + suffix, toPath: workFile.path + suffix)
        }
        store = try SQLiteDatabase(path: workFile.path)
    }
}

/// A property that must hold for every input does not.
struct FuzzFailure: Error {
    var why: String
}
