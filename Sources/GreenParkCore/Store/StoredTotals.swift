/// What stored day blocks of one meter hold: the energy and count of the intervals with a
/// value, how many of those are estimated or split, and the first and last such interval.
public struct StoredTotals: Sendable, Equatable {
    public var energyWh: Int64 = 0
    public var present = 0
    /// Values flagged split, estimated or interpolated.
    public var flagged = 0
    public var first: Timestamp?
    public var last: Timestamp?

    /// Sums `blocks`, counting only intervals starting in `[from, to)` when given.
    public init(_ blocks: some Sequence<DayBlock>, from: Timestamp? = nil, to: Timestamp? = nil) {
        for block in blocks {
            for i in 0..<block.intervalCount where block.quality[i] != .missing {
                let start = block.start(ofInterval: i)
                if let from, start < from { continue }
                if let to, start >= to { continue }
                energyWh += block.energyWh[i]
                present += 1
                if block.quality[i] > .measured { flagged += 1 }
                if first == nil { first = start }
                last = start
            }
        }
    }
}
