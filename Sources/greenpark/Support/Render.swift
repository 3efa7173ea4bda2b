import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// How the CLI shows the results of the use cases: tables and lines for people.
enum Render {
    /// Progress of an import on standard error, at most twice a second.
    static func importProgress() -> (ReadingsImporter.Progress) -> Void {
        let progress = ProgressLine()
        return { p in
            progress.update("\(p.file): \(p.bytesTotal > 0 ? p.bytesRead * 100 / p.bytesTotal : 100)% read, "
                + "\(Terminal.grouped(p.rows)) rows")
        }
    }

    static func importReport(_ report: ImportReport, allGaps: Bool) {
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

    /// A short table for people.
    static func allocation(_ result: AllocationService.Result, park: Park, indent: String = "") {
        let s = result.summary
        let p = s.park
        func percent(_ r: Ratio) -> String { String(format: "%5.1f %%", r.value * 100) }
        switch result.saved {
        case nil: break
        case .stored(let id): Swift.print("\(indent)allocation #\(id) stored")
        case .unchanged(let id): Swift.print("\(indent)allocation #\(id): same inputs as before, unchanged")
        case .replaced(let id, let previous): Swift.print("\(indent)allocation #\(id) stored, replacing #\(previous) (inputs changed)")
        }
        Swift.print("\(indent)\(s.intervals) intervals, key \(park.allocation.key.rawValue)\(s.skippedIntervals > 0 ? ", \(s.skippedIntervals) skipped for missing data" : "")")
        Swift.print("\(indent)member          consumption MWh   green MWh  green share   grid import MWh")
        for m in s.members {
            Swift.print(indent + m.id.padding(toLength: 14, withPad: " ", startingAt: 0)
                + Terminal.mwh(m.consumptionWh).leftPadded(16) + Terminal.mwh(m.allocatedWh).leftPadded(12)
                + percent(Ratio(m.allocatedWh, m.consumptionWh)).leftPadded(13) + Terminal.mwh(m.gridImportWh).leftPadded(18))
        }
        Swift.print("\(indent)park: generation \(Terminal.mwh(p.generationWh)) MWh, allocated \(Terminal.mwh(p.allocatedWh)) MWh, surplus \(Terminal.mwh(p.surplusWh)) MWh")
        Swift.print("\(indent)self-consumption ratio \(percent(p.selfConsumptionRatio)), green share of load \(percent(p.greenShare))")
        let checks = s.policy.checks.map { "\($0.id) \($0.bound == .min ? ">=" : "<=") \($0.threshold): \($0.pass ? "pass" : "FAIL")" }
        if checks.isEmpty {
            Swift.print("\(indent)policy \(s.policy.profile): no checks")
        } else {
            let verdict = s.policy.passed ? "pass" : "FAIL"
            Swift.print("\(indent)policy \(s.policy.profile): \(verdict) (\(checks.joined(separator: "; ")))")
        }
    }

    static func certificates(_ result: CertificateService.Result, indent: String = "") {
        Swift.print("\(indent)certificates: \(Terminal.count(result.issued, "issuance")), "
            + "\(Terminal.count(result.transfers, "transfer")), "
            + "\(Terminal.count(result.corrections.count, "correction")), "
            + "\(Terminal.count(result.statements.count, "redemption statement")); "
            + "\(result.ledgerEntries) ledger entries appended and signed")
        if result.storageCancelled > 0 || result.storageReleased > 0 {
            Swift.print("\(indent)  storage: \(Terminal.grouped(result.storageCancelled)) granular certificates "
                + "cancelled for charge records, \(Terminal.grouped(result.storageReleased)) released from storage "
                + "in discharge hours")
        }
        for c in result.corrections { Swift.print("\(indent)  correction \(c.summary)") }
        for s in result.statements {
            Swift.print("\(indent)  \(s.id): \(s.beneficiary) redeemed \(s.volumeWh) Wh "
                + "(\(s.certificates.reduce(0) { $0 + $1.count }) certificates) for \(s.purpose), covering "
                + "\(s.coverage?.hours.count ?? 0) hours of its consumption")
        }
        for note in result.notes { Swift.print("\(indent)  \(note)") }
    }

    /// Warnings of a use case, on standard error.
    static func warnings(_ warnings: [String]) {
        for warning in warnings { Terminal.warn(warning) }
    }
}
