import GreenParkCore

/// Parsed readings of a stretch of a file, as parallel arrays (no per-row objects).
///
/// For interval layouts `value` is the interval energy in Wh; for register layouts it
/// is the register reading in Wh and `start` is the read time.
struct RecordBatch {
    var meter: [Int32] = []
    var start: [Int64] = []
    var value: [Int64] = []
    var quality: [UInt8] = []
    var line: [Int32] = []

    /// Data rows seen (a wide row counts once).
    var rows = 0
    /// Values rounded to the Wh.
    var rounded = 0
    /// Empty value cells (missing readings, never zero).
    var empty = 0
    var issues = IssueList()
    /// Meter ids not in the park file, by id.
    var unknownMeters: [String: UnknownMeter] = [:]

    mutating func reserve(_ n: Int) {
        meter.reserveCapacity(n); start.reserveCapacity(n); value.reserveCapacity(n)
        quality.reserveCapacity(n); line.reserveCapacity(n)
    }

    mutating func removeAllRecords() {
        meter.removeAll(keepingCapacity: true); start.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true); quality.removeAll(keepingCapacity: true)
        line.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(meter m: Int32, start s: Int64, value v: Int64, quality q: UInt8, line l: Int32) {
        meter.append(m); start.append(s); value.append(v); quality.append(q); line.append(l)
    }

    var count: Int { meter.count }
}

/// The problems found in a file: all counted, and the ones on the lowest lines kept
/// (whatever order the checks found them in), so the report shows the first ones.
struct IssueList {
    static let kept = 200
    private(set) var issues: [InputIssue] = []
    private(set) var total = 0
    private var highestKept = 0

    mutating func add(_ issue: InputIssue) {
        total += 1
        keep(issue)
    }

    private mutating func keep(_ issue: InputIssue) {
        if issues.count < Self.kept {
            issues.append(issue)
            highestKept = max(highestKept, issue.line)
        } else if issue.line < highestKept, let worst = issues.indices.max(by: { issues[$0].line < issues[$1].line }) {
            issues[worst] = issue
            highestKept = issues.map(\.line).max() ?? 0
        }
    }

    mutating func add(contentsOf other: IssueList) {
        for issue in other.issues { keep(issue) }
        total += other.total
    }

    var isEmpty: Bool { total == 0 }

    /// Issues sorted by line, for the report.
    var sorted: [InputIssue] { issues.sorted { ($0.line, $0.code) < ($1.line, $1.code) } }
}
