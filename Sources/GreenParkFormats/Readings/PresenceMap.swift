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
        return contains(offset: offset, slot: slot)
    }

    /// Where the bits of a meter-day start, if the file supplied any interval of it.
    func offset(meter: Int32, day: Int64) -> Int? { offsets[Self.key(meter: meter, day: day)] }

    func contains(offset: Int, slot: Int) -> Bool {
        words[offset + slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// Where the bits of a meter-day start, adding the day when it is new.
    mutating func insertDay(meter: Int32, day: Int64) -> Int {
        let key = Self.key(meter: meter, day: day)
        if let known = offsets[key] { return known }
        let offset = words.count
        words.append(contentsOf: repeatElement(0, count: wordsPerDay))
        offsets[key] = offset
        return offset
    }

    /// Sets a bit of a day added with ``insertDay(meter:day:)``; returns whether it was set.
    mutating func insert(offset: Int, slot: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(slot & 63)
        let was = words[offset + slot >> 6] & mask != 0
        words[offset + slot >> 6] |= mask
        return was
    }

}
