import Foundation
import GreenParkCore

/// Writes stored readings back as long CSV, `meter_id,interval_start,energy_wh,quality`,
/// so a user can always get out exactly what they put in (plus the quality flags).
public struct ReadingsExporter {
    public let store: any ReadingStore

    public init(store: any ReadingStore) { self.store = store }

    public static let header = "meter_id,interval_start,energy_wh,quality\n"

    /// Writes the intervals of `meters` with `from <= start < to` to `output`, meter by
    /// meter, in time order; returns the number of rows written.
    @discardableResult
    public func export(meters: [String], from: Timestamp, to: Timestamp, to output: FileHandle) throws -> Int {
        var rows = 0
        var buffer = Self.header
        let firstDay = from.utcDay
        let endDay = Timestamp(seconds: to.seconds - 1).utcDay + 1
        for meter in meters {
            var day = firstDay
            while day < endDay {
                // A year of days at a time keeps memory small for long ranges.
                let chunkEnd = min(endDay, day + 366)
                for block in try store.days(meter: meter, in: day..<chunkEnd) {
                    for i in 0..<block.intervalCount where block.quality[i] != .missing {
                        let start = block.start(ofInterval: i)
                        guard start >= from, start < to else { continue }
                        buffer += "\(meter),\(start.iso8601),\(block.energyWh[i]),\(block.quality[i])\n"
                        rows += 1
                    }
                    if buffer.utf8.count > 1 << 20 { output.write(Data(buffer.utf8)); buffer = "" }
                }
                day = chunkEnd
            }
        }
        output.write(Data(buffer.utf8))
        return rows
    }
}
