import Foundation
import GreenParkCore
import GreenParkFormats

extension TelemetryService {
    /// What one flush stored.
    public struct FlushResult: Sendable, Equatable {
        public let intervalsStored: Int
        public let intervalsNotStored: Int
        public let events: Int
    }

    /// Writes the intervals, events and register states gathered since the last flush (see
    /// the type's rules). On a store failure nothing is lost: everything is kept for the next.
    @discardableResult
    public func flush(now: Timestamp) throws -> FlushResult { try flush(clock: { now }) }

    /// As ``flush(now:)``, reading `clock` only once the rows are taken: a poller's flush that
    /// waited for the one before must not judge intervals closed meanwhile by an earlier instant
    /// (they would "end in the future" and be refused: lost).
    @discardableResult
    public func flush(clock: () -> Timestamp) throws -> FlushResult {
        let (rows, events, states) = pending.withLock { pending in
            let states = pending.changed.sorted().compactMap { pending.builders[$0]?.state }
            let taken = (pending.rows, pending.events, states)
            pending.rows = []
            pending.events = []
            pending.changed = []
            return taken
        }
        guard !rows.isEmpty || !events.isEmpty || !states.isEmpty else {
            return FlushResult(intervalsStored: 0, intervalsNotStored: 0, events: 0)
        }
        let now = clock()
        do {
            let refused = try store(rows, events: events, states: states, now: now)
            return FlushResult(intervalsStored: rows.count - refused, intervalsNotStored: refused,
                               events: events.count + refused)
        } catch {
            pending.withLock { pending in
                pending.rows = rows + pending.rows
                pending.events = events + pending.events
                pending.changed.formUnion(states.map(\.meter))
            }
            throw error
        }
    }

    /// Stores `rows` through the import's validation with `events` and `states` in the same
    /// transaction; rows the validation refuses become `not-stored` events. Returns their count.
    private func store(_ rows: [PendingInterval], events: [MeterEventRecord], states: [MeterRegisterState],
                       now: Timestamp) throws -> Int {
        let readings = context.stores.readings
        var remaining = rows
        var refused: [MeterEventRecord] = []
        func notStored(_ row: PendingInterval, _ reason: String) -> MeterEventRecord {
            MeterEventRecord(
                meter: row.meter, atMillis: row.start * 1000, kind: .notStored, energyWh: row.energyWh,
                detail: "interval \(Timestamp(seconds: row.start)) (\(row.energyWh) Wh, \(row.quality)) not stored: "
                    + reason)
        }
        // Each round stores the rows or takes out at least one refused row (the importer names
        // at most a few hundred per try), so the loop ends; it stops early without progress.
        while !remaining.isEmpty {
            let extra = events + refused
            var options = ImportOptions(inputResolutionMinutes: context.park.settings.resolution.minutes, now: now)
            options.alsoInTransaction = { transaction in
                try transaction.save(states)
                try transaction.add(extra)
            }
            do {
                let csv = Self.csv(remaining, now: now)
                _ = try SpoolFile.with(csv, prefix: "greenpark-poll", code: "telemetry.spool") { path in
                    try ReadingsImporter(park: context.park, store: readings).importFile(
                        at: path, name: "poll", options: options)
                }
                return refused.count
            } catch let rejected as InputRejected {
                // Row k of the batch is on line k + 3 (a comment line, then the header).
                let lines = Set(rejected.issues.map(\.line))
                let reasons = Dictionary(rejected.issues.map { ($0.line, $0.reason) }, uniquingKeysWith: { a, _ in a })
                let wholeBatch = lines.contains(0) || !lines.contains { $0 >= 3 && $0 - 3 < remaining.count }
                var kept: [PendingInterval] = []
                for (index, row) in remaining.enumerated() {
                    let reason = wholeBatch ? rejected.issues.first?.reason : reasons[index + 3]
                    guard let reason else { kept.append(row); continue }
                    refused.append(notStored(row, reason))
                }
                let progress = kept.count < remaining.count
                remaining = kept
                if !progress { break }
            }
        }
        // Rows refused without a line to tell them apart are kept as events too: none vanishes.
        refused += remaining.map { notStored($0, "the batch it was in was refused") }
        // Nothing left to import (all refused) or no progress: the states and events still go in.
        try readings.write { transaction in
            try transaction.save(states)
            try transaction.add(events + refused)
        }
        return refused.count
    }

    /// The batch as a readings CSV (long layout, Wh, quality); the first line names the flush
    /// so that no two batches have the same bytes.
    static func csv(_ rows: [PendingInterval], now: Timestamp) -> [UInt8] {
        var text = "# greenpark poll \(now) \(UUID().uuidString)\nmeter_id,interval_start,energy_wh,quality\n"
        for row in rows {
            text += "\(row.meter),\(Timestamp(seconds: row.start)),\(row.energyWh),\(row.quality)\n"
        }
        return Array(text.utf8)
    }
}
