/// One meter-day of a file being imported, at the file's grid (which may be finer than
/// the park's resolution): value, quality and source line per cell.
struct ResidentBlock {
    let meter: Int32
    let day: Int64
    var value: [Int64]
    var quality: [UInt8]
    /// Source line of each cell; 0 when not known (a block reloaded from the store).
    var line: [Int32]

    init(meter: Int32, day: Int64, cells: Int) {
        self.meter = meter
        self.day = day
        value = Array(repeating: 0, count: cells)
        quality = Array(repeating: 0, count: cells)
        line = Array(repeating: 0, count: cells)
    }
}

/// Which park intervals of each meter-day this file supplied. One bit per interval,
/// kept for the whole file (4 MB for a year of 1,000 meters at 15 minutes), so gaps and
/// statistics stay right after resident blocks were written out.
struct PresenceMap {
    let wordsPerDay: Int
    private var offsets: [Int64: Int] = [:]
    private var words: [UInt64] = []

    init(intervalsPerDay: Int) { wordsPerDay = (intervalsPerDay + 63) / 64 }

    static func key(meter: Int32, day: Int64) -> Int64 { Int64(meter) << 40 | day }

    func contains(meter: Int32, day: Int64, slot: Int) -> Bool {
        guard let offset = offsets[Self.key(meter: meter, day: day)] else { return false }
        return words[offset + slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    func hasDay(meter: Int32, day: Int64) -> Bool { offsets[Self.key(meter: meter, day: day)] != nil }

    /// Sets the bit; returns whether it was already set.
    @discardableResult
    mutating func insert(meter: Int32, day: Int64, slot: Int) -> Bool {
        let key = Self.key(meter: meter, day: day)
        let offset: Int
        if let known = offsets[key] {
            offset = known
        } else {
            offset = words.count
            words.append(contentsOf: repeatElement(0, count: wordsPerDay))
            offsets[key] = offset
        }
        let mask: UInt64 = 1 << UInt64(slot & 63)
        let was = words[offset + slot >> 6] & mask != 0
        words[offset + slot >> 6] |= mask
        return was
    }
}
