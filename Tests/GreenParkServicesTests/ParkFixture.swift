import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// A park of the schedule and what-if tests: its file `yaml` in a new directory, and the
/// wide-layout readings `rows` (a header and one line per interval, kWh) imported into an
/// in-memory store.
enum ParkFixture {
    static func context(yaml: String, rows: [String]) throws -> ParkContext {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-park-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let parkFile = dir.appendingPathComponent("park.yaml")
        try yaml.write(to: parkFile, atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("r.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let context = ParkContext(park: try ParkFile.load(path: parkFile.path).park, parkFile: parkFile,
                                  stores: .inMemory())
        _ = try ImportService(context: context).importFile(csv.path, options: ImportOptions())
        return context
    }
}
