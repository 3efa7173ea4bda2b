/// Storage accounted hour by hour over an allocated period (DOMAIN.md 4a, normative):
///
/// - Per interval, after the members took their share (``StorageAllocation``), the charging
///   devices share what the generators have left in proportion to their metered charge
///   (largest remainder, park order breaking ties), attributed to the generators by what
///   each has left (DOMAIN.md 3's rule); the rest of each charge comes from the grid.
/// - Per UTC hour and device, in park order: the hour's discharge first draws on the queue
///   (charge records of earlier hours, first in first out, ``StorageQueue``), then the
///   hour's charge record joins it.
/// - The green Wh released for a discharge hour go to whoever took the discharge, in
///   proportion (largest remainder: the members in park order, then the grid): a member's
///   green energy from storage, counted in the discharge hour.
///
/// Intervals left out of the allocation (gaps) are left out here too.
public enum StorageAccounting {
    /// Accounts `storage` over the period starting at `from` with intervals of `step`
    /// seconds; `queues` carries each device's undrawn charge from before (empty queues when
    /// nil). `combined` is ``StorageAllocation``'s outcome over generators then devices.
    /// `recorded` gives the efficiency a charge record of device `k` and an hour was certified
    /// with (DOMAIN.md 4a: recorded on each record, never changed after); other records take
    /// the device's efficiency.
    public static func run(memberIDs: [String], problem: AllocationProblem, combined: AllocationOutcome,
                           storage: StorageSeries, from: Timestamp, step: Int64,
                           queues: [StorageQueue]? = nil,
                           recorded: (@Sendable (Int, Timestamp) -> Fixed6?)? = nil) throws -> StoragePeriod {
        let n = problem.memberCount, m = problem.generatorCount, s = storage.deviceCount
        let count = problem.intervalCount
        let firstHour = from.utcHourStart
        let lastStart = from.seconds + Int64(max(count - 1, 0)) * step
        let hours = Int((Timestamp(seconds: lastStart).utcHourStart.seconds - firstHour.seconds) / 3600) + 1
        var period = StoragePeriod(
            queues: queues ?? (0..<s).map { StorageQueue(device: $0) },
            devices: storage.devices.map { StoragePeriod.DeviceTotals(id: $0.id) },
            members: memberIDs.map { StoragePeriod.MemberTotals(id: $0) },
            generatorExportWh: Array(repeating: 0, count: m), surplus: Array(repeating: 0, count: count),
            firstHour: firstHour, memberGreenByHour: Array(repeating: 0, count: hours * n), memberCount: n)
        var hour = HourTotals(devices: s, generators: m, members: n)
        var currentHour: Int64?
        var splitter = StorageChargeSplit(generators: m, devices: s)
        for t in 0..<count {
            let start = from.seconds + Int64(t) * step
            let h = Timestamp(seconds: start).utcHourStart.seconds
            if h != currentHour {
                if let currentHour {
                    try close(&hour, at: Timestamp(seconds: currentHour), storage, recorded, into: &period)
                }
                currentHour = h
            }
            guard !problem.excluded[t] else { continue }
            splitter.split(interval: t, problem: problem, combined: combined, storage: storage)
            let leftover = splitter.leftover, green = splitter.green, greenBySource = splitter.bySource
            var exported: Int64 = 0
            for j in 0..<m {
                var charged: Int64 = 0
                for k in 0..<s { charged += greenBySource[k * m + j] }
                period.generatorExportWh[j] += leftover[j] - charged
                exported += leftover[j] - charged
            }
            for k in 0..<s {
                for j in 0..<m { hour.green[k * m + j] += greenBySource[k * m + j] }
                hour.grid[k] += storage.charge[t * s + k] - green[k]
                let discharged = storage.discharge[t * s + k]
                var taken: Int64 = 0
                for i in 0..<n {
                    let part = combined.allocated(interval: t, member: i, generator: m + k)
                    hour.receipts[k * (n + 1) + i] += part
                    taken += part
                }
                hour.receipts[k * (n + 1) + n] += discharged - taken
                hour.discharged[k] += discharged
                exported += discharged - taken
            }
            period.surplus[t] = exported
        }
        if let currentHour { try close(&hour, at: Timestamp(seconds: currentHour), storage, recorded, into: &period) }
        for k in 0..<s {
            period.devices[k].queuedWh = period.queues[k].queuedChargeWh()
            period.devices[k].queuedGreenWh = period.devices[k].queuedWh - period.queues[k].queuedChargeWh(from: .grid)
        }
        return period
    }

    /// One hour's sums per device, reset when the hour is closed.
    private struct HourTotals {
        var green: [Int64]
        var grid: [Int64]
        var discharged: [Int64]
        /// Per device: what each member took of its discharge, then what went to the grid.
        var receipts: [Int64]
        let generators: Int
        let members: Int

        init(devices: Int, generators: Int, members: Int) {
            green = Array(repeating: 0, count: devices * generators)
            grid = Array(repeating: 0, count: devices)
            discharged = Array(repeating: 0, count: devices)
            receipts = Array(repeating: 0, count: devices * (members + 1))
            self.generators = generators
            self.members = members
        }
    }

    /// Makes the hour's records (discharge first, then charge) and shares its released Wh.
    private static func close(_ hour: inout HourTotals, at start: Timestamp, _ storage: StorageSeries,
                              _ recorded: ((Int, Timestamp) -> Fixed6?)?, into period: inout StoragePeriod) throws {
        let n = hour.members, m = hour.generators
        let h = Int((start.seconds - period.firstHour.seconds) / 3600)
        for (k, device) in storage.devices.enumerated() {
            let recipients = Array(hour.receipts[(k * (n + 1))..<((k + 1) * (n + 1))])
            if hour.discharged[k] > 0 {
                let record = try period.queues[k].discharge(hour: start, wh: hour.discharged[k])
                period.dischargeRecords.append(record)
                period.dischargeRecipients.append(recipients)
                let released = LargestRemainder.shares(of: record.releasedWh, weights: recipients)
                for i in 0..<n {
                    period.memberGreenByHour[h * n + i] += released[i]
                    period.members[i].greenFromStorageWh += released[i]
                    period.members[i].fromStorageWh += recipients[i]
                }
                var totals = period.devices[k]
                totals.dischargedWh += record.dischargedWh
                totals.exportedWh += recipients[n]
                totals.toMembersWh += record.dischargedWh - recipients[n]
                totals.releasedWh += record.releasedWh
                totals.unbackedWh += record.unbackedWh
                totals.lossesWh += record.drawnChargeWh - (record.dischargedWh - record.unbackedWh)
                period.devices[k] = totals
            }
            let greenByGenerator = Array(hour.green[(k * m)..<((k + 1) * m)])
            let record = StorageChargeRecord(device: k, hour: start,
                                             efficiency: recorded?(k, start) ?? device.efficiency,
                                             greenByGenerator: greenByGenerator, gridWh: hour.grid[k])
            if record.chargedWh > 0 {
                try period.queues[k].charge(record)
                period.chargeRecords.append(record)
                period.devices[k].chargedGreenWh += record.greenWh
                period.devices[k].chargedGridWh += record.chargedWh - record.greenWh
            }
        }
        hour = HourTotals(devices: storage.deviceCount, generators: m, members: n)
    }
}
