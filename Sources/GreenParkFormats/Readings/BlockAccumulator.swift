import GreenParkCore

/// Turns parsed records of one file into stored day blocks: checks each value (grid
/// alignment, future, plausibility, duplicates), splits coarser values when asked,
/// sums finer ones up to the park's resolution, and merges with what the store holds.
///
/// Memory stays bounded: when the resident blocks exceed the budget they are written to
/// the open transaction and dropped; a later row for such a day reloads it.
struct BlockAccumulator {
    let fileName: String
    let catalogue: [MeterInfo]
    let parkSeconds: Int64
    /// The file's interval length.
    let inputSeconds: Int64
    /// Cell length: the greatest common divisor of input and park interval lengths.
    let gridSeconds: Int64
    let cellsPerDay: Int
    let cellsPerSlot: Int
    let partsPerRecord: Int
    let nowSeconds: Int64
    let budgetCells: Int
    let replace: Bool
    /// Cleared once the file is known to be rejected: nothing more is written.
    var writing = true
    private let maxWh: [Int64?]

    private var pool: ResidentPool
    private var index: [Int64: Int] = [:]
    private var lastDay: [Int64]
    private var lastIndex: [Int]
    private var flushed: Set<Int64> = []
    /// The latest UTC day any row fell on.
    private var latestDay = Int64.min
    private(set) var presence: PresenceMap
    /// First and last interval start seen per meter (seconds), for gap finding.
    private(set) var spanStart: [Int64]
    private(set) var spanEnd: [Int64]

    var issues = IssueList()
    var stats = ImportStatistics()
    var revisions: [RevisionRecord] = []
    /// Conflicts with a cell whose first line is not known (reloaded block): resolved later.
    var unresolvedConflicts: [(meter: Int32, start: Int64, line: Int32, first: Int64, second: Int64)] = []

    init(fileName: String, catalogue: [MeterInfo], parkSeconds: Int64, inputSeconds: Int64,
         now: Int64, budgetCells: Int, replace: Bool) {
        self.fileName = fileName
        self.catalogue = catalogue
        self.parkSeconds = parkSeconds
        self.inputSeconds = inputSeconds
        gridSeconds = Self.gcd(parkSeconds, inputSeconds)
        cellsPerDay = Int(86_400 / gridSeconds)
        cellsPerSlot = Int(parkSeconds / gridSeconds)
        partsPerRecord = Int(inputSeconds / gridSeconds)
        nowSeconds = now
        self.budgetCells = max(budgetCells, cellsPerDay * 4)
        self.replace = replace
        maxWh = catalogue.map { $0.maxEnergyWh(overSeconds: inputSeconds) }
        lastDay = Array(repeating: Int64.min, count: catalogue.count)
        lastIndex = Array(repeating: -1, count: catalogue.count)
        presence = PresenceMap(intervalsPerDay: Int(86_400 / parkSeconds))
        pool = ResidentPool(cellsPerDay: cellsPerDay)
        spanStart = Array(repeating: Int64.max, count: catalogue.count)
        spanEnd = Array(repeating: Int64.min, count: catalogue.count)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }

    /// Adds a batch of interval records; writes resident blocks to `transaction` when the
    /// memory budget is exceeded.
    mutating func add(_ batch: RecordBatch, transaction: any ReadingStoreTransaction) throws {
        for i in 0..<batch.count {
            let meter = batch.meter[i]
            let m = Int(meter)
            let start = batch.start[i]
            let value = batch.value[i]
            let line = batch.line[i]
            guard check(meter: m, start: start, value: value, line: line) else { continue }
            if start < spanStart[m] { spanStart[m] = start }
            if start > spanEnd[m] { spanEnd[m] = start }
            var quality = batch.quality[i]
            if partsPerRecord == 1 {
                try put(meter: meter, start: start, value: value, quality: quality, line: line, transaction)
            } else {
                quality = max(quality, Quality.split.rawValue)
                for (part, share) in EvenSplit.split(value, into: partsPerRecord).enumerated() {
                    try put(meter: meter, start: start + Int64(part) * gridSeconds, value: share, quality: quality, line: line, transaction)
                }
            }
            if pool.count * cellsPerDay > budgetCells { try flush(transaction, keepingRecentDays: true) }
        }
    }

    /// Checks one record; records an issue and returns `false` when it is bad.
    private mutating func check(meter m: Int, start: Int64, value: Int64, line: Int32) -> Bool {
        if start < 0 {
            issue(line, "readings.bad-timestamp", "interval start \(Timestamp(seconds: start)) of meter \(catalogue[m].id) is before 1970")
            return false
        }
        if start % gridSeconds != 0 {
            let t = Timestamp(seconds: start)
            issue(line, "readings.misaligned", "interval start \(t) of meter \(catalogue[m].id) is not on the \(gridSeconds / 60)-minute grid of this file and the park")
            return false
        }
        if start + inputSeconds > nowSeconds {
            issue(line, "readings.future", "interval \(Timestamp(seconds: start)) of meter \(catalogue[m].id) ends in the future")
            return false
        }
        if let limit = maxWh[m], value > limit {
            let averageKW = Double(value) * 3.6 / Double(inputSeconds)
            let limitKW = Double(catalogue[m].maxWatts ?? 0) / 1000
            issue(line, "readings.implausible", "\(value) Wh in \(inputSeconds / 60) minutes for meter \(catalogue[m].id) is an average of \(Self.kw(averageKW)) kW, above its plausible maximum of \(Self.kw(limitKW)) kW")
            return false
        }
        return true
    }

    static func kw(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    private mutating func issue(_ line: Int32, _ code: String, _ reason: String) {
        issues.add(InputIssue(file: fileName, line: Int(line), code: code, reason: reason))
    }

    @inline(__always)
    private mutating func put(meter: Int32, start: Int64, value: Int64, quality: UInt8, line: Int32, _ transaction: any ReadingStoreTransaction) throws {
        let day = start / 86_400
        let cell = Int((start - day * 86_400) / gridSeconds)
        let m = Int(meter)
        if day > latestDay { latestDay = day }
        var slot = lastIndex[m]
        if lastDay[m] != day {
            slot = try block(meter: meter, day: day, transaction)
            guard slot >= 0 else {
                issue(line, "readings.unsorted", "meter \(catalogue[m].id): rows for \(CivilDate(daysSinceEpoch: day)) (UTC) come after that day was already written out; sort the file by time or give more memory (--memory-mb)")
                return
            }
            lastDay[m] = day
            lastIndex[m] = slot
        }
        let c = slot * cellsPerDay + cell
        let previous = pool.quality[c]
        if previous == 0 {
            pool.value[c] = value
            pool.quality[c] = quality
            pool.line[c] = line
        } else if pool.value[c] == value && previous == quality {
            stats.identicalDuplicates += 1
        } else {
            let firstLine = pool.line[c]
            let first = pool.value[c]
            if firstLine == 0 {
                unresolvedConflicts.append((meter, start, line, first, value))
            } else {
                issue(line, "readings.conflict", Self.conflictReason(catalogue[m].id, start, firstLine: Int(firstLine), first, value))
            }
        }
    }

    static func conflictReason(_ meter: String, _ start: Int64, firstLine: Int, _ first: Int64, _ second: Int64) -> String {
        "meter \(meter) at \(Timestamp(seconds: start)): \(second) Wh here conflicts with \(first) Wh on line \(firstLine)"
    }

    /// The pool index of a resident block, reloading or creating it; -1 when the day
    /// was written out and cannot be reloaded at this grid.
    private mutating func block(meter: Int32, day: Int64, _ transaction: any ReadingStoreTransaction) throws -> Int {
        let key = PresenceMap.key(meter: meter, day: day)
        if let known = index[key] { return known }
        if flushed.contains(key), cellsPerSlot != 1 || partsPerRecord != 1 { return -1 }
        let block = pool.append(meter: meter, day: day)
        if flushed.contains(key), let stored = try transaction.day(meter: catalogue[Int(meter)].id, day: day) {
            let base = block * cellsPerDay
            for s in 0..<stored.intervalCount where presence.contains(meter: meter, day: day, slot: s) {
                pool.value[base + s] = stored.energyWh[s]
                pool.quality[base + s] = stored.quality[s].rawValue
            }
        }
        index[key] = block
        return block
    }

    /// Writes resident blocks to `transaction` (unless the file already has issues, in
    /// which case it will be rejected and writing is pointless) and drops them. With
    /// `keepingRecentDays`, the two latest days seen stay resident: in a file sorted by
    /// time they are still being filled, and finer data could not be merged into them
    /// once written.
    mutating func flush(_ transaction: any ReadingStoreTransaction, keepingRecentDays: Bool = false) throws {
        let keepFrom = keepingRecentDays ? latestDay - 1 : Int64.max
        let ordered = (0..<pool.count).sorted { (pool.meters[$0], pool.days[$0]) < (pool.meters[$1], pool.days[$1]) }
        var kept = ResidentPool(cellsPerDay: cellsPerDay)
        index.removeAll(keepingCapacity: true)
        for block in ordered {
            if pool.days[block] >= keepFrom {
                let copy = kept.append(meter: pool.meters[block], day: pool.days[block])
                let from = block * cellsPerDay, to = copy * cellsPerDay
                for c in 0..<cellsPerDay {
                    kept.value[to + c] = pool.value[from + c]
                    kept.quality[to + c] = pool.quality[from + c]
                    kept.line[to + c] = pool.line[from + c]
                }
                index[PresenceMap.key(meter: pool.meters[block], day: pool.days[block])] = copy
                continue
            }
            try merge(block, transaction)
            flushed.insert(PresenceMap.key(meter: pool.meters[block], day: pool.days[block]))
        }
        pool = kept
        for m in lastDay.indices { lastDay[m] = Int64.min; lastIndex[m] = -1 }
    }

    private mutating func merge(_ block: Int, _ transaction: any ReadingStoreTransaction) throws {
        let meter = pool.meters[block]
        let day = pool.days[block]
        let base = block * cellsPerDay
        let meterId = catalogue[Int(meter)].id
        let slots = cellsPerDay / cellsPerSlot
        var stored = try transaction.day(meter: meterId, day: day)
            ?? DayBlock(meter: meterId, day: day, energyWh: Array(repeating: 0, count: slots), quality: Array(repeating: .missing, count: slots))
        let presenceOffset = presence.insertDay(meter: meter, day: day)
        guard stored.intervalCount == slots else {
            throw StoreMismatch(message: "the store holds \(86_400 / stored.intervalCount / 60)-minute data for meter \(meterId) but the park's resolution is \(parkSeconds / 60) minutes")
        }
        var changed = false
        for s in 0..<slots {
            var sum: Int64 = 0
            var quality: UInt8 = 0
            var complete = true
            var anyCell = false
            var line: Int32 = 0
            for c in (base + s * cellsPerSlot)..<(base + (s + 1) * cellsPerSlot) {
                if pool.quality[c] == 0 { complete = false; continue }
                anyCell = true
                sum += pool.value[c]
                quality = max(quality, pool.quality[c])
                line = max(line, pool.line[c])
            }
            guard anyCell else { continue }
            guard complete else { stats.incomplete += 1; continue }
            let counted = presence.insert(offset: presenceOffset, slot: s)
            let new = Quality(rawValue: quality) ?? .measured
            let old = stored.quality[s]
            let oldValue = stored.energyWh[s]
            if old == .missing {
                stored.energyWh[s] = sum; stored.quality[s] = new; changed = true
                if !counted { stats.added += 1 }
            } else if oldValue == sum && new >= old {
                if !counted { stats.unchanged += 1 }
            } else if (oldValue == sum && new < old) || (new < old && old >= .estimated) || replace {
                if !counted {
                    stats.replaced += 1
                    revisions.append(RevisionRecord(importId: 0, meter: meterId, intervalStart: stored.start(ofInterval: s), oldEnergyWh: oldValue, oldQuality: old, newEnergyWh: sum, newQuality: new))
                }
                stored.energyWh[s] = sum; stored.quality[s] = new; changed = true
            } else if !counted {
                issue(line, "readings.conflict-stored", "meter \(meterId) at \(stored.start(ofInterval: s)): \(sum) Wh here differs from the stored \(oldValue) Wh (\(old)); pass --replace to correct the stored value (the old one is kept in the revision log)")
            }
        }
        if changed && writing && issues.isEmpty && unresolvedConflicts.isEmpty { try transaction.put(stored) }
    }
}

/// Counts of what an import did, interval by interval (at the park's resolution).
public struct ImportStatistics: Sendable, Equatable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var estimated = 0
    /// Rows repeated with the same value: harmless, counted once.
    public var identicalDuplicates = 0
    /// Park intervals of which the file had only some finer values: left missing.
    public var incomplete = 0

    public init() {}
}

/// The store holds data that does not fit the park file (another resolution or park).
public struct StoreMismatch: GreenParkError {
    public var message: String

    public init(message: String) { self.message = message }

    public var code: String { "store.mismatch" }
}
