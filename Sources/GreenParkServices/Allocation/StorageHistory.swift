import GreenParkCore

/// Each storage device's queue of undrawn charge at the start of a period (DOMAIN.md 4a:
/// first in first out "for the device's life"): the stored readings from the first day any
/// storage meter has data up to the period, allocated and accounted 31 days at a time
/// (memory bounded by the chunk, not the history), intervals with gaps left out.
struct StorageHistory {
    let park: Park
    let store: any ReadingStore
    /// The efficiencies certified charge records keep, by record id.
    var recorded: [String: Fixed6] = [:]

    /// `recorded` as the accounting asks for it: by device index and hour (nil when empty).
    static func lookup(park: Park, _ recorded: [String: Fixed6]) -> (@Sendable (Int, Timestamp) -> Fixed6?)? {
        guard !recorded.isEmpty else { return nil }
        let parkId = park.settings.id, devices = park.storage.map(\.id)
        return { k, hour in
            recorded[StorageRelease.recordId(charge: true, parkId: parkId, device: devices[k], hour: hour)]
        }
    }

    /// The longest stretch of history allocated at once.
    static let chunkDays: Int64 = 31

    /// The queues at `from` (a UTC hour): empty queues when no storage reading is older.
    func queues(at from: Timestamp) throws -> [StorageQueue] {
        var queues = park.storage.indices.map { StorageQueue(device: $0) }
        let meters = Set(park.storage.flatMap { [$0.chargeMeter, $0.dischargeMeter] })
        let spans = try store.meterSpans().filter { meters.contains($0.meter) }
        guard let first = spans.map(\.firstDay).min(), first * 86_400 < from.seconds else { return queues }
        var start = Timestamp(seconds: first * 86_400)
        let rule = try AllocationRule(park: park)
        while start < from {
            let end = Timestamp(seconds: min(from.seconds, start.seconds + Self.chunkDays * 86_400))
            var data = try PeriodData.load(park: park, store: store, from: start, to: end)
            try data.apply(.skipInterval)
            if let series = data.storage {
                let (_, combined) = try StorageAllocation.run(rule: rule, problem: data.problem, storage: series)
                queues = try StorageAccounting.run(
                    memberIDs: park.members.map(\.id), problem: data.problem, combined: combined, storage: series,
                    from: start, step: park.settings.resolution.seconds, queues: queues,
                    recorded: Self.lookup(park: park, recorded)).queues
            }
            start = end
        }
        return queues
    }
}
