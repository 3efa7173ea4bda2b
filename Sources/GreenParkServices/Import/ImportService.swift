import GreenParkCore
import GreenParkFormats

/// Import of readings files into the park's store (VEE, docs/readings-import.md): each file
/// is validated whole and stored in one transaction, or rejected with every problem.
public struct ImportService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// Imports one file; `progress` hears how far it got.
    public func importFile(_ path: String, options: ImportOptions,
                           progress: ((ReadingsImporter.Progress) -> Void)? = nil) throws -> ImportReport {
        try ReadingsImporter(park: context.park, store: context.stores.readings)
            .importFile(at: path, options: options, progress: progress)
    }

    /// Imports every file (files imported before are skipped by their SHA-256): the reports
    /// of the files stored, and the problems of the files rejected.
    public func importFiles(_ paths: [String], options: ImportOptions,
                            progress: ((ReadingsImporter.Progress) -> Void)? = nil)
        throws -> (reports: [ImportReport], rejected: [InputRejected]) {
        var reports: [ImportReport] = [], rejected: [InputRejected] = []
        for path in paths {
            do {
                reports.append(try importFile(path, options: options, progress: progress))
            } catch let error as InputRejected {
                rejected.append(error)
            }
        }
        return (reports, rejected)
    }
}
