import Foundation
import GreenParkCore
import GreenParkFormats

extension CertificateService {
    /// Writes certificates.csv, ledger.jsonl and the statements (JSON and HTML) of the
    /// period, new and made before, into `directory` (those of `outputs`, for `run`).
    /// certificates.csv holds the ranges of `result`'s schemes (only `scheme`'s when given)
    /// produced in the period, read from the store in batches.
    public func write(_ result: Result, from: Timestamp, to: Timestamp, scheme: CertificateScheme? = nil,
                      to directory: URL) throws {
        try Self.write(context: context, schemes: scheme.map { [$0] } ?? result.schemes, from: from, to: to,
                       scheme: scheme, to: directory)
    }

    static func write(context: ParkContext, schemes: Set<CertificateScheme>, from: Timestamp, to: Timestamp,
                      scheme: CertificateScheme?, to directory: URL,
                      outputs: Set<RunOutput> = Set(RunOutput.allCases)) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if outputs.contains(.certificates) {
            let file = try create(directory.appendingPathComponent("certificates.csv"))
            defer { try? file.close() }
            file.write(Data(CertificateWriter.csvHeader.utf8))
            try context.stores.certificates.forEachRange(parkId: context.park.settings.id, producedFrom: from, to: to,
                                                         schemes: schemes) { batch in
                file.write(Data(CertificateWriter.csvRows(batch).utf8))
            }
        }
        if outputs.contains(.ledger) {
            let ledger = try create(directory.appendingPathComponent("ledger.jsonl"))
            defer { try? ledger.close() }
            try LedgerFile.export(context.stores.certificates, to: ledger)
        }
        if outputs.contains(.statements) {
            try writeStatements(context: context, from: from, to: to, scheme: scheme,
                                to: directory.appendingPathComponent("statements"))
        }
    }

    /// Writes certificates.csv rows of every range (of `owner` and `scheme` when given) to
    /// `handle`, read from the store in batches (one owner's ranges at once), never the
    /// whole registry.
    public static func list(context: ParkContext, owner: String?, scheme: CertificateScheme?,
                            to handle: FileHandle) throws {
        let store = context.stores.certificates, parkId = context.park.settings.id
        handle.write(Data(CertificateWriter.csvHeader.utf8))
        if let owner {
            let ranges = try store.certificateRanges(parkId: parkId, owner: owner)
            handle.write(Data(CertificateWriter.csvRows(ranges.filter { scheme == nil || $0.scheme == scheme }).utf8))
            return
        }
        let schemes = scheme.map { [$0] } ?? Set(CertificateScheme.allCases)
        try store.forEachRange(parkId: parkId, producedFrom: Timestamp(seconds: Int64.min / 4),
                               to: Timestamp(seconds: Int64.max / 4), schemes: schemes) { batch in
            handle.write(Data(CertificateWriter.csvRows(batch).utf8))
        }
    }

    /// A new, empty file at `url`, open for writing.
    static func create(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path)
        else { throw ServiceError("output.unwritable", "cannot write \(url.path)") }
        return handle
    }

    /// Writes every stored statement whose reporting period overlaps `[from, to)` (all when
    /// nil), JSON and HTML: statements can always be made again from the store. Returns how
    /// many were written.
    @discardableResult
    public static func writeStatements(context: ParkContext, from: Timestamp?, to: Timestamp?, only: String? = nil,
                                       scheme: CertificateScheme? = nil, to directory: URL) throws -> Int {
        let window = from.flatMap { f in to.map { (f, $0) } }
        var count = 0
        try context.stores.certificates.forEachRedemptionStatement(
            parkId: context.park.settings.id, overlapping: window, withoutCoverageOnly: false
        ) { s in
            guard (only == nil || s.id == only) && (scheme == nil || s.scheme == scheme) else { return }
            try CertificateWriter.write(s, parkName: context.park.settings.name, to: directory)
            count += 1
        }
        return count
    }

    /// A member's covered consumption in `[from, to)`: hour, statement and Wh, in time order.
    public static func coverage(context: ParkContext, member: String, from: Timestamp, to: Timestamp) throws
        -> [(hour: Timestamp, statement: String, wh: Int64)] {
        var rows: [(hour: Timestamp, statement: String, wh: Int64)] = []
        for c in try context.stores.certificates.coverage(member: member, from: from, to: to) {
            rows += c.hours.filter { $0.start >= from && $0.start < to }.map { ($0.start, c.statement, $0.wh) }
        }
        return rows.sorted { ($0.hour, $0.statement) < ($1.hour, $1.statement) }
    }
}
