import Foundation
import GreenParkCore

/// Reads a CBAM production file: `installation_id,period_start,period_end,cn_code,
/// production_t,direct_emissions_t`. Times are ISO 8601 with offset or `Z`, or dates
/// (local midnight in the park's time zone); tonnes are exact decimals (at most six
/// places, i.e. grams). Every problem is reported with its line and the file is rejected
/// whole.
public enum CBAMProductionReader {
    public static let header = "installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t"

    public static func read(path: String, park: Park) throws -> [CBAMProduction] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputRejected(file: path, issues: [InputIssue(file: path, line: 0, code: "cbam.unreadable", reason: "cannot read the production file: \(error.localizedDescription)")], code: "cbam.rejected")
        }
        return try parse(text, file: path, park: park)
    }

    public static func parse(_ text: String, file: String, park: Park) throws -> [CBAMProduction] {
        let local = LocalTime(identifier: park.settings.timeZone)!
        var installations: [String: Installation] = [:]
        for member in park.members { for installation in member.installations { installations[installation.id] = installation } }
        var rows: [CBAMProduction] = []
        // Each installation's distinct periods with their first line, and the rows seen: the
        // checks look up instead of scanning every earlier row (a long file stays linear).
        var periods: [String: [String: (start: Timestamp, end: Timestamp, line: Int)]] = [:]
        var seen: Set<String> = []
        var issues: [InputIssue] = []
        func issue(_ line: Int, _ code: String, _ reason: String) { issues.append(InputIssue(file: file, line: line, code: "cbam.\(code)", reason: reason)) }
        var sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if !sawHeader {
                sawHeader = true
                guard trimmed.lowercased() == header else { issue(line, "header", "expected the header \(header)"); break }
                continue
            }
            let f = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 6 else { issue(line, "field-count", "expected 6 fields, found \(f.count)"); continue }
            guard let installation = installations[f[0]] else {
                issue(line, "unknown-installation", "\"\(f[0])\" is not an installation in the park file (known: \(installations.keys.sorted().joined(separator: ", ")))")
                continue
            }
            guard let start = local.instant(f[1]), let end = local.instant(f[2]) else {
                issue(line, "bad-time", "period_start and period_end must be ISO 8601 times with offset or dates (YYYY-MM-DD)"); continue
            }
            guard start < end else { issue(line, "empty-period", "period_end \(f[2]) is not after period_start \(f[1])"); continue }
            let step = park.settings.resolution.seconds
            guard start.seconds % step == 0, end.seconds % step == 0 else {
                issue(line, "off-grid", "the period must start and end on the park's \(park.settings.resolution.minutes)-minute interval grid"); continue
            }
            guard installation.goods.contains(where: { $0.cnCode == f[3] }) else {
                issue(line, "unknown-good", "installation \(installation.id) lists no good with CN code \(f[3]) (its goods: \(installation.goods.map(\.cnCode).joined(separator: ", ")))")
                continue
            }
            guard let production = Fixed6(parsing: f[4]), production > .zero else { issue(line, "bad-production", "production_t \"\(f[4])\" must be a decimal above 0 (at most 6 decimals)"); continue }
            guard let direct = Fixed6(parsing: f[5]), direct >= .zero else { issue(line, "bad-emissions", "direct_emissions_t \"\(f[5])\" must be a decimal of 0 or more (at most 6 decimals)"); continue }
            guard seen.insert("\(installation.id)|\(f[3])|\(start.seconds)|\(end.seconds)").inserted else {
                issue(line, "duplicate", "installation \(installation.id), CN \(f[3]) and this period are given twice"); continue
            }
            let key = "\(start.seconds)|\(end.seconds)"
            if periods[installation.id, default: [:]][key] == nil {
                periods[installation.id, default: [:]][key] = (start, end, line)
            }
            rows.append(CBAMProduction(installation: installation.id, start: start, end: end, cnCode: f[3], productionT: production, directEmissionsT: direct, line: line))
        }
        if !sawHeader { issue(0, "empty", "the production file is empty; expected the header \(header)") }
        for (installation, list) in periods.sorted(by: { $0.key < $1.key }) {
            for (later, earlier) in overlaps(Array(list.values)) {
                issue(later.line, "overlap", "installation \(installation): this period overlaps line \(earlier.line) "
                          + "(\(earlier.start) to \(earlier.end)); rows of one installation share a period exactly "
                          + "or do not overlap")
            }
        }
        issues.sort { $0.line < $1.line }
        guard issues.isEmpty else { throw InputRejected(file: file, issues: Array(issues.prefix(InputRejected.shownLimit)), totalIssues: issues.count, code: "cbam.rejected") }
        return rows
    }

    /// Pairs of distinct periods that overlap, as (the one on the later line, the other):
    /// sorted by start, each period is compared with the one reaching furthest before it,
    /// so every period that overlaps another is reported once, in O(n log n).
    typealias Period = (start: Timestamp, end: Timestamp, line: Int)

    static func overlaps(_ periods: [Period]) -> [(later: Period, earlier: Period)] {
        var found: [(later: Period, earlier: Period)] = []
        var widest: Period?
        for period in periods.sorted(by: { ($0.start, $0.line) < ($1.start, $1.line) }) {
            if let other = widest, period.start < other.end {
                found.append(period.line > other.line ? (period, other) : (other, period))
            }
            if widest == nil || period.end > widest!.end { widest = period }
        }
        return found
    }
}
