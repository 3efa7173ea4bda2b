import GreenParkCore

/// The import log numbers of revisions per meter, to name what a correction came from.
struct RevisionIndex {
    private var byMeter: [String: [(start: Int64, importId: Int64)]] = [:]

    init(_ revisions: [RevisionRecord]) {
        for r in revisions { byMeter[r.meter, default: []].append((r.intervalStart.seconds, r.importId)) }
    }

    /// Imports that revised any of `meters` in `[from, to)`, in order.
    func imports(meters: [String], from: Timestamp, to: Timestamp) -> [Int64] {
        var ids: Set<Int64> = []
        for meter in meters {
            for r in byMeter[meter] ?? [] where r.start >= from.seconds && r.start < to.seconds { ids.insert(r.importId) }
        }
        return ids.sorted()
    }
}
