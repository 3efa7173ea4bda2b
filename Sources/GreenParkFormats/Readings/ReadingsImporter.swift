import Crypto
import GreenParkCore

/// Imports readings CSV files into a ``ReadingStore``: parse, validate (VEE), convert to
/// integer Wh at the park's resolution, merge with stored data, all in one transaction.
///
/// Any problem in a file rejects the file whole: the transaction is rolled back and the
/// store is exactly as before. The same bytes imported twice change nothing.
public struct ReadingsImporter: Sendable {
    public let park: Park
    public let store: any ReadingStore
    let catalogue: [MeterInfo]

    /// An importer for `park`'s meters, or only those in `meters` when given (a member's
    /// batch over the server: any other meter is an unknown meter, as one not in the park).
    public init(park: Park, store: any ReadingStore, meters: Set<String>? = nil) {
        self.park = park
        self.store = store
        catalogue = park.meterCatalogue.filter { meters?.contains($0.id) ?? true }
    }

    /// Progress of one file.
    public struct Progress: Sendable {
        public var file: String
        public var bytesRead: Int64
        public var bytesTotal: Int64
        public var rows: Int
    }

    /// Imports one file; throws ``InputRejected`` (bad input, nothing stored),
    /// ``FileProblem`` or ``StoreMismatch``. Problems and the import log name the file
    /// `name` (default: its path).
    public func importFile(
        at path: String, name: String? = nil, options: ImportOptions = ImportOptions(),
        progress: ((Progress) -> Void)? = nil
    ) throws -> ImportReport {
        let clock = ContinuousClock.now
        let name = name ?? path
        let reader = try LineChunkReader(path: path)
        var hasher = SHA256()
        reader.onBytes = { hasher.update(bufferPointer: $0) }

        // Header: the first line that is neither blank nor a '#' comment.
        var lineNumber = 1
        var headerLine = 0
        var header: [String] = []
        var pending: [UInt8] = []
        var delimiter: UInt8 = 44
        while header.isEmpty, let chunk = try reader.next({ Array($0) }) {
            var offset = 0
            for lineBytes in chunk.split(separator: 10, omittingEmptySubsequences: false).dropLast(chunk.last == 10 ? 1 : 0) {
                offset += lineBytes.count + 1
                let text = String(decoding: lineBytes, as: UTF8.self).trimmingCharacters(in: [" ", "\r", "\t", "\u{FEFF}"])
                if header.isEmpty {
                    if text.isEmpty || text.hasPrefix("#") { lineNumber += 1; continue }
                    headerLine = lineNumber
                    let separator: Character = text.contains(",") || !text.contains(";") ? "," : ";"
                    delimiter = separator == "," ? 44 : 59
                    header = text.split(separator: separator, omittingEmptySubsequences: false).map {
                        String($0.trimmingCharacters(in: [" ", "\""]))
                    }
                    lineNumber += 1
                    pending = Array(chunk[min(offset, chunk.count)...])
                    break
                }
            }
        }
        guard !header.isEmpty else {
            throw InputRejected(file: name, issues: [InputIssue(file: name, line: 0, code: "readings.empty", reason: "no header line: the file is empty or only comments")])
        }
        let layout: ReadingsLayout
        switch ReadingsLayout.recognise(header: header, meters: catalogue.map(\.id), wideUnit: options.wideUnit) {
        case .success(let recognised): layout = recognised
        case .failure(let partial):
            throw InputRejected(file: name, issues: [InputIssue(file: name, line: headerLine, code: partial.code, reason: partial.reason)])
        }

        let parser = CSVChunkParser(layout: layout, lookup: MeterLookup(ids: catalogue.map(\.id)), delimiter: delimiter, fileName: name)
        var run = Run(options: options, fileName: name)

        do {
            return try store.write { transaction in
                try checkIdentity(transaction)
                let twoWay = TwoWayChunkParser(parser: parser)
                var accumulator: BlockAccumulator?
                var registerReads = RecordBatch()

                func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
                    let (batches, lines) = twoWay.parse(bytes, firstLine: lineNumber)
                    lineNumber += lines
                    for index in 0..<batches {
                        try twoWay.withBatch(index) { batch in
                            run.values += batch.count
                            if case .register = layout {
                                registerReads.appendRecords(of: batch)
                            } else {
                                if accumulator == nil, batch.count > 0 {
                                    accumulator = try makeAccumulator(name, inputSeconds: try inputSeconds(of: batch, options), options)
                                }
                                if accumulator != nil {
                                    accumulator!.writing = batch.issues.isEmpty && batch.unknownMeters.isEmpty && run.isClean
                                    try accumulator!.add(batch, transaction: transaction)
                                }
                            }
                            run.take(&batch)
                        }
                    }
                }

                try pending.withUnsafeBufferPointer { try consume($0) }
                progress?(Progress(file: name, bytesRead: reader.bytesRead, bytesTotal: reader.size, rows: run.rows))
                while try reader.next({ try consume($0) }) != nil {
                    progress?(Progress(file: name, bytesRead: reader.bytesRead, bytesTotal: reader.size, rows: run.rows))
                }

                if case .register = layout {
                    let seconds = try inputSeconds(of: registerReads, options)
                    var intervals = differenceRegisters(registerReads, inputSeconds: seconds, options: options, run: &run, file: name)
                    accumulator = try makeAccumulator(name, inputSeconds: seconds, options)
                    accumulator!.writing = run.isClean
                    try accumulator!.add(intervals, transaction: transaction)
                    intervals.removeAllRecords()
                }
                guard var accumulator else {
                    run.reportUnknownMeters()
                    if run.issues.isEmpty {
                        run.issues.add(InputIssue(file: name, line: 0, code: "readings.no-data", reason: "no readings after the header"))
                    }
                    throw InputRejected(file: name, issues: run.issues.sorted, totalIssues: run.issues.total)
                }
                accumulator.writing = run.isClean
                try accumulator.flush(transaction)
                run.reportUnknownMeters()
                // A file naming meters this importer does not know is refused even if the same
                // bytes were imported before (a member's batch naming another's meters must
                // not learn that those bytes are stored).
                if run.issues.sorted.contains(where: { $0.code == "readings.unknown-meter" }) {
                    throw InputRejected(file: name, issues: run.issues.sorted, totalIssues: run.issues.total)
                }
                run.issues.add(contentsOf: accumulator.issues)
                if !accumulator.unresolvedConflicts.isEmpty {
                    try resolveConflicts(accumulator, layout: layout, delimiter: delimiter, path: path, name: name,
                                         into: &run.issues)
                }
                // The same bytes imported before: nothing to do, even if later corrections
                // now make them conflict with the store.
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                if let earlier = try transaction.importRecord(sha256: digest) {
                    throw AlreadyImported(record: earlier)
                }
                if !run.issues.isEmpty {
                    throw InputRejected(file: name, issues: run.issues.sorted, totalIssues: run.issues.total)
                }
                var statistics = accumulator.stats
                statistics.estimated += run.registerInterpolated
                let gaps = try findGaps(accumulator, options: options, transaction, statistics: &statistics)
                let record = ImportRecord(
                    fileName: name, sha256: digest, format: layout.name, importedAt: options.now, rows: run.rows,
                    added: statistics.added, replaced: statistics.replaced, unchanged: statistics.unchanged,
                    estimated: statistics.estimated, options: options.summary)
                let id = try transaction.add(record)
                try transaction.add(accumulator.revisions.map { var r = $0; r.importId = id; return r })
                try options.alsoInTransaction?(transaction)
                try options.beforeCommit?()
                let report = ImportReport(
                    file: name, sha256: digest, layout: layout.name, inputResolutionMinutes: Int(accumulator.inputSeconds / 60),
                    rows: run.rows, values: run.values, rounded: run.rounded, emptyCells: run.empty, statistics: statistics,
                    gaps: gaps, registerSpansNotSplit: run.registerSpansNotSplit, alreadyImported: nil, importId: id,
                    seconds: (ContinuousClock.now - clock).seconds, dryRun: options.dryRun)
                if options.dryRun { throw DryRunFinished(report: report) }
                return report
            }
        } catch let finished as DryRunFinished {
            return finished.report
        } catch let already as AlreadyImported {
            return ImportReport(
                file: name, sha256: already.record.sha256, layout: layout.name, inputResolutionMinutes: 0, rows: run.rows,
                values: run.values, rounded: 0, emptyCells: 0, statistics: ImportStatistics(), gaps: [],
                registerSpansNotSplit: 0, alreadyImported: already.record, importId: nil,
                seconds: (ContinuousClock.now - clock).seconds, dryRun: options.dryRun)
        }
    }

    /// Counters of one file's import.
    struct Run {
        var options: ImportOptions
        var fileName: String
        var rows = 0
        var values = 0
        var rounded = 0
        var empty = 0
        var registerSpansNotSplit = 0
        var registerInterpolated = 0
        var issues = IssueList()
        var unknownMeters: [String: UnknownMeter] = [:]

        /// Moves counts and issues out of `batch`.
        mutating func take(_ batch: inout RecordBatch) {
            rows += batch.rows; rounded += batch.rounded; empty += batch.empty
            issues.add(contentsOf: batch.issues)
            batch.rows = 0; batch.rounded = 0; batch.empty = 0; batch.issues = IssueList()
            for (name, unknown) in batch.unknownMeters {
                if var known = unknownMeters[name] {
                    known.rows += unknown.rows
                    unknownMeters[name] = known
                } else {
                    unknownMeters[name] = unknown
                }
            }
            batch.unknownMeters = [:]
        }

        /// Whether nothing is wrong so far.
        var isClean: Bool { issues.isEmpty && unknownMeters.isEmpty }

        /// Turns the unknown meters into issues, one per meter at its first line.
        mutating func reportUnknownMeters() {
            for (name, unknown) in unknownMeters.sorted(by: { $0.value.firstLine < $1.value.firstLine }) {
                let rows = unknown.rows == 1 ? "1 row" : "\(unknown.rows) rows"
                issues.add(InputIssue(file: fileName, line: unknown.firstLine, code: "readings.unknown-meter",
                                      reason: "unknown meter \"\(name)\" (\(rows), first here): not a meter of any "
                                          + "member, generator or storage device in the park file"))
            }
            unknownMeters = [:]
        }
    }

    private struct AlreadyImported: Error {
        var record: ImportRecord
    }

    /// Thrown inside the transaction of a dry run so that it rolls back.
    private struct DryRunFinished: Error {
        var report: ImportReport
    }

    private func checkIdentity(_ transaction: any ReadingStoreTransaction) throws {
        let mine = StoredParkIdentity(parkId: park.settings.id, resolutionMinutes: park.settings.resolution.minutes)
        guard let stored = try transaction.parkIdentity() else {
            try transaction.setParkIdentity(mine)
            return
        }
        if stored.parkId != mine.parkId {
            throw StoreMismatch(message: "this store holds park \"\(stored.parkId)\", not \"\(mine.parkId)\"; choose another --database")
        }
        if stored.resolutionMinutes != mine.resolutionMinutes {
            throw StoreMismatch(message: "this store holds \(stored.resolutionMinutes)-minute data but the park file says \(mine.resolutionMinutes) minutes; a park's resolution cannot change once data is stored")
        }
    }
}

extension Duration {
    /// The duration in seconds, for reports and benchmarks.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in whole milliseconds (rounded down), for clocks that count in ms.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

extension RecordBatch {
    mutating func appendRecords(of other: RecordBatch) {
        meter += other.meter; start += other.start; value += other.value; quality += other.quality; line += other.line
    }
}
