import Foundation
import GreenParkCore
@testable import GreenParkFormats

/// A small park for import tests:
/// members a (meters a1, a2) and b (b1, r1); generator g (100 kW, meter g1).
/// Plausible maxima per 15 minutes: g1 100 kW * 1.1 = 110 kW -> 27,500 Wh; b1 40 kW -> 10,000 Wh.
enum ImportFixtures {
    static let park = Park(
        settings: ParkSettings(id: "test-park", name: "Test Park", region: "east", policyProfile: "cn-650-2025"),
        members: [
            Member(id: "a", name: "A", meters: ["a1", "a2"]),
            Member(id: "b", name: "B", meters: ["b1", "r1"]),
        ],
        generators: [
            Generator(id: "g", name: "G", technology: .solarPV, capacityKW: Fixed6(100),
                      commissioned: CivilDate(year: 2022, month: 1, day: 1), registered: CivilDate(year: 2022, month: 1, day: 1), meter: "g1"),
        ],
        meters: [
            MeterSpec(id: "b1", maxKW: Fixed6(40)),
            MeterSpec(id: "a2", registerRolloverKWh: Fixed6(100_000)),
        ])

    static let now = Timestamp(CivilDate(year: 2026, month: 1, day: 1))

    /// A fresh directory for one test.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a file in a fresh directory; returns its path.
    static func file(_ text: String, name: String = "readings.csv") throws -> String {
        let url = try directory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func options(_ change: (inout ImportOptions) -> Void = { _ in }) -> ImportOptions {
        var options = ImportOptions(now: now)
        change(&options)
        return options
    }

    /// Imports `text` into `store` and returns the report.
    @discardableResult
    static func importText(
        _ text: String, into store: any ReadingStore, park: Park = park, options: ImportOptions = options()
    ) throws -> ImportReport {
        try ReadingsImporter(park: park, store: store).importFile(at: try file(text), options: options)
    }

    /// Imports `text` expecting rejection; returns the issues.
    static func rejection(_ text: String, into store: any ReadingStore = InMemoryReadingStore(), options: ImportOptions = options()) -> InputRejected? {
        do {
            try importText(text, into: store, options: options)
            return nil
        } catch let rejected as InputRejected {
            return rejected
        } catch {
            return nil
        }
    }

    /// Every stored interval of `meter` as (start, Wh, quality).
    static func stored(_ store: any ReadingStore, _ meter: String) throws -> [(String, Int64, Quality)] {
        try store.days(meter: meter, in: 0..<100_000).flatMap { block in
            (0..<block.intervalCount).filter { block.quality[$0] != .missing }.map {
                (block.start(ofInterval: $0).iso8601, block.energyWh[$0], block.quality[$0])
            }
        }
    }

    /// A snapshot of everything a store holds, to compare before and after.
    static func snapshot(_ store: any ReadingStore) throws -> String {
        var text = ""
        for meter in park.meterCatalogue.map(\.id) {
            text += "\(meter): \(try stored(store, meter))\n"
        }
        text += "imports: \(try store.imports().count) revisions: \(try store.revisions().count)"
        return text
    }
}
