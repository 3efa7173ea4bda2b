/// One storage device's charge not yet drawn, first in first out for the device's life
/// (DOMAIN.md 4a). Each charge record enters whole; a discharge draws on records of earlier
/// hours, oldest first, and a record drawn in part gives each of its origins in proportion
/// to what the origin has left (largest remainder).
///
/// Exact: a record's worth is its output, `Wh × efficiency` in millionths of a Wh (the
/// efficiency being an exact decimal of millionths), so `D` Wh of discharge draws exactly
/// `D × 1,000,000` of it. The released certificates of an hour are its green output rounded
/// down to the Wh once, split among the green draws by largest remainder.
///
/// Example (efficiency 0.9): 2,000,000 Wh from PV-1 in 10-11 is worth 1,800,000 Wh of
/// output; discharging 1,800,000 Wh in 19-20 draws it all and releases 1,800,000 Wh of
/// PV-1's certificates of 10-11.
public struct StorageQueue: Sendable, Equatable {
    public let device: Int
    private var entries: [Entry] = []
    /// Entries before `head` are drawn empty.
    private var head = 0
    /// The hour of the newest record or discharge: records come in time order.
    private var lastHour: Timestamp?

    private struct Entry: Sendable, Equatable {
        var hour: Timestamp
        var efficiency: Fixed6
        var origins: [StorageOrigin]
        /// Output left per origin, in millionths of a Wh.
        var output: [Int64]
        /// Charge Wh left per origin (so that a record drawn to the end gives back exactly its Wh).
        var charge: [Int64]
    }

    public init(device: Int) { self.device = device }

    /// Two queues are equal when they hold the same undrawn charge (however often either was compacted).
    public static func == (lhs: StorageQueue, rhs: StorageQueue) -> Bool {
        lhs.device == rhs.device && lhs.lastHour == rhs.lastHour && lhs.entries[lhs.head...] == rhs.entries[rhs.head...]
    }

    /// Adds the record of an hour; an empty record adds nothing. Records and discharges must
    /// come in time order, and a record after the discharge of its own hour.
    public mutating func charge(_ record: StorageChargeRecord) throws {
        try advance(to: record.hour, allowingSameHour: true)
        guard record.chargedWh > 0 else { return }
        var output: [Int64] = []
        var total: Int64 = 0
        for portion in record.portions {
            let (units, overflow) = portion.wh.multipliedReportingOverflow(by: record.efficiency.millionths)
            let (sum, sumOverflow) = total.addingReportingOverflow(units)
            guard !overflow, !sumOverflow, portion.wh >= 0 else {
                throw StorageAccountingError.energyOutOfRange(hour: record.hour)
            }
            output.append(units)
            total = sum
        }
        entries.append(Entry(hour: record.hour, efficiency: record.efficiency,
                             origins: record.portions.map(\.origin), output: output, charge: record.portions.map(\.wh)))
    }

    /// Draws `wh` of discharge in `hour` on the records of earlier hours and says what it drew.
    public mutating func discharge(hour: Timestamp, wh: Int64) throws -> StorageDischargeRecord {
        try advance(to: hour, allowingSameHour: false)
        let (wanted, overflow) = wh.multipliedReportingOverflow(by: Fixed6.scale)
        guard !overflow, wh >= 0 else { throw StorageAccountingError.energyOutOfRange(hour: hour) }
        var need = wanted
        var draws: [(hour: Timestamp, origin: StorageOrigin, efficiency: Fixed6, charge: Int64, output: Int64)] = []
        while need > 0, head < entries.count, entries[head].hour < hour {
            let entry = entries[head]
            let left = entry.output.reduce(0, +)
            let take = min(need, left)
            let parts = take == left ? entry.output : LargestRemainder.shares(of: take, weights: entry.output)
            let charges = take == left ? entry.charge
                : Self.chargeDrawn(from: entry, parts: parts, outputLeft: left - take)
            for p in parts.indices where parts[p] > 0 || charges[p] > 0 {
                entries[head].output[p] -= parts[p]
                entries[head].charge[p] -= charges[p]
                draws.append((entry.hour, entry.origins[p], entry.efficiency, charges[p], parts[p]))
            }
            need -= take
            if take == left { head += 1 }
        }
        compact()
        let green = draws.map { $0.origin == .grid ? 0 : $0.output }
        let released = LargestRemainder.shares(of: green.reduce(0, +) / Fixed6.scale, weights: green)
        let made = draws.enumerated().map { k, draw in
            StorageDischargeRecord.Draw(chargeHour: draw.hour, origin: draw.origin, efficiency: draw.efficiency,
                                        chargeWh: draw.charge, outputMicroWh: draw.output, releasedWh: released[k])
        }
        return StorageDischargeRecord(device: device, hour: hour, dischargedWh: wh, draws: made,
                                      unbackedWh: (need + Fixed6.scale - 1) / Fixed6.scale)
    }

    /// The charge Wh a partial draw takes from each origin of `entry`: in all, the entry's charge
    /// minus the least charge that still backs the output left (`ceil(left / efficiency)`), so
    /// that the charge drawn is never below the discharge it backs (at efficiency 1: equal),
    /// split in proportion to the output drawn (largest remainder), no origin giving more than
    /// it holds (any excess goes to the next origins in order that still hold charge).
    /// Example (efficiency 1): 1 Wh each from two generators and the grid, 1 Wh drawn: 3 - 2 = 1 Wh
    /// of charge, to the first generator (largest remainder of 333,334 : 333,333 : 333,333).
    private static func chargeDrawn(from entry: Entry, parts: [Int64], outputLeft: Int64) -> [Int64] {
        let e = entry.efficiency.millionths
        let total = entry.charge.reduce(0, +) - (outputLeft + e - 1) / e
        var shares = LargestRemainder.shares(of: max(total, 0), weights: parts)
        var excess: Int64 = 0
        for p in shares.indices where shares[p] > entry.charge[p] {
            excess += shares[p] - entry.charge[p]
            shares[p] = entry.charge[p]
        }
        for p in shares.indices where excess > 0 {
            let room = min(excess, entry.charge[p] - shares[p])
            shares[p] += room
            excess -= room
        }
        return shares
    }

    /// Charge Wh still queued from `origin` (all origins when nil).
    public func queuedChargeWh(from origin: StorageOrigin? = nil) -> Int64 {
        entries[head...].reduce(0) { sum, entry in
            sum + zip(entry.origins, entry.charge).reduce(0) { $0 + (origin == nil || $1.0 == origin ? $1.1 : 0) }
        }
    }

    /// Output still queued, in whole Wh (rounded down).
    public var queuedOutputWh: Int64 {
        Int64(entries[head...].reduce(Int128(0)) { $0 + $1.output.reduce(Int128(0)) { $0 + Int128($1) } }
                  / Int128(Fixed6.scale))
    }

    /// Records not yet drawn empty.
    public var queuedRecords: Int { entries.count - head }

    private mutating func advance(to hour: Timestamp, allowingSameHour: Bool) throws {
        if let last = lastHour, hour < last || (hour == last && !allowingSameHour) {
            throw StorageAccountingError.outOfOrder(hour: hour, after: last)
        }
        lastHour = hour
    }

    /// Drops drawn entries once they are the larger part of the array (amortised O(1)).
    private mutating func compact() {
        if head >= 64, head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}

/// Storage records cannot be accounted.
public enum StorageAccountingError: GreenParkError, Equatable {
    case outOfOrder(hour: Timestamp, after: Timestamp)
    case energyOutOfRange(hour: Timestamp)

    public var code: String {
        switch self {
        case .outOfOrder: "storage.out-of-order"
        case .energyOutOfRange: "storage.energy-out-of-range"
        }
    }

    public var message: String {
        switch self {
        case .outOfOrder(let hour, let after):
            "storage records must come in time order: \(hour) came after \(after)"
        case .energyOutOfRange(let hour):
            "storage energy in the hour from \(hour) is negative or too large to account (above 9.2e12 Wh)"
        }
    }
}
