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

/// The problems found in a file: the first few kept in order, all of them counted.
struct IssueList {
    static let kept = 200
    private(set) var issues: [InputIssue] = []
    private(set) var total = 0

    mutating func add(_ issue: InputIssue) {
        total += 1
        if issues.count < Self.kept { issues.append(issue) }
    }

    mutating func add(contentsOf other: IssueList) {
        for issue in other.issues where issues.count < Self.kept { issues.append(issue) }
        total += other.total
    }

    var isEmpty: Bool { total == 0 }

    /// Issues sorted by line, for the report.
    var sorted: [InputIssue] { issues.sorted { ($0.line, $0.code) < ($1.line, $1.code) } }
}
