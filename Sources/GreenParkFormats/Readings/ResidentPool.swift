/// The meter-days of a file being imported that are held in memory, at the file's grid
/// (which may be finer than the park's resolution): value, quality and source line per
/// cell, in flat arrays (block `b` owns cells `b * cellsPerDay ..< (b + 1) * cellsPerDay`).
struct ResidentPool {
    let cellsPerDay: Int
    private(set) var meters: [Int32] = []
    private(set) var days: [Int64] = []
    var value: [Int64] = []
    /// 0 while a cell has no value.
    var quality: [UInt8] = []
    /// Source line of each cell; 0 when not known (a block reloaded from the store).
    var line: [Int32] = []

    init(cellsPerDay: Int) { self.cellsPerDay = cellsPerDay }

    var count: Int { meters.count }

    /// Adds an empty block and returns its index.
    mutating func append(meter: Int32, day: Int64) -> Int {
        meters.append(meter)
        days.append(day)
        value.append(contentsOf: repeatElement(0, count: cellsPerDay))
        quality.append(contentsOf: repeatElement(0, count: cellsPerDay))
        line.append(contentsOf: repeatElement(0, count: cellsPerDay))
        return meters.count - 1
    }

    mutating func removeAll() {
        meters.removeAll(keepingCapacity: true)
        days.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        quality.removeAll(keepingCapacity: true)
        line.removeAll(keepingCapacity: true)
    }
}
