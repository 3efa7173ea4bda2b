import Foundation
import GreenParkCore
import GreenParkFormats

/// Imports one file with progress on standard error and prints what happened.
enum ImportRunner {
    static func importFile(_ file: String, park: Park, store: any ReadingStore, options: ImportOptions) throws -> ImportReport {
        let progress = ProgressLine()
        let importer = ReadingsImporter(park: park, store: store)
        return try importer.importFile(at: file, options: options) { p in
            progress.update("\(p.file): \(p.bytesTotal > 0 ? p.bytesRead * 100 / p.bytesTotal : 100)% read, \(Terminal.grouped(p.rows)) rows")
        }
    }

    static func print(_ report: ImportReport, allGaps: Bool) {
        if let earlier = report.alreadyImported {
            Swift.print("\(report.file): already imported as import #\(earlier.id) on \(earlier.importedAt) (same SHA-256); nothing changed")
            return
        }
        let s = report.statistics
        let outcome = report.dryRun ? "dry run: valid, nothing stored" : "import #\(report.importId ?? 0)"
        Swift.print("\(report.file): \(report.layout) layout, \(report.inputResolutionMinutes)-minute data, \(Terminal.count(report.rows, "row")), \(outcome)")
        Swift.print("  intervals: \(Terminal.grouped(s.added)) added, \(Terminal.grouped(s.replaced)) replaced, \(Terminal.grouped(s.unchanged)) unchanged, \(Terminal.grouped(s.estimated)) estimated")
        if report.rounded > 0 { Swift.print("  \(Terminal.count(report.rounded, "value")) had more decimals than a Wh and were rounded half-to-even") }
        if s.identicalDuplicates > 0 { Swift.print("  \(Terminal.count(s.identicalDuplicates, "identical duplicate row")) ignored") }
        if report.emptyCells > 0 { Swift.print("  \(Terminal.count(report.emptyCells, "empty value")) (missing readings, not zero)") }
        if s.incomplete > 0 { Swift.print("  \(Terminal.count(s.incomplete, "interval")) only partly covered by finer data: left missing") }
        if report.registerSpansNotSplit > 0 { Swift.print("  \(Terminal.count(report.registerSpansNotSplit, "register read span")) over several intervals left as gaps (use --estimate linear to split short ones)") }
        let open = report.gaps.filter { !$0.estimated }
        if report.gaps.isEmpty {
            Swift.print("  no gaps")
        } else {
            Swift.print("  gaps: \(report.gaps.count) (\(Terminal.count(report.gaps.reduce(0) { $0 + $1.intervals }, "interval"))), \(report.gaps.count - open.count) estimated, \(open.count) left missing (\(Terminal.count(report.missingIntervals, "interval")))")
            let shown = allGaps ? report.gaps : Array(report.gaps.prefix(20))
            for gap in shown { Swift.print("    \(gap)") }
            if shown.count < report.gaps.count { Swift.print("    ... \(report.gaps.count - shown.count) more (--all-gaps lists them)") }
        }
    }
}
