import GreenParkCore
import GreenParkOptimization

/// The days of one month of a what-if (``SimulationService``): each day's schedule for the
/// added devices and the flexible loads, decided on the information asked for, then the
/// flexible loads moved in the members' metered consumption (the baseline taken out where
/// metered, as much put back where scheduled: energy kept exactly), the devices dispatched on
/// the metered day and planned curtailment taken from the generators in proportion to their
/// output (largest remainder). Intervals a gap leaves
/// out of the allocation are planned as empty and the devices idle in them.
///
/// Each local day runs from its midnight to the next (23 or 25 hours where the clocks
/// change; a forecast is then cut or its last hour repeated, and a flexible load's window cut
/// to the day). A `policy` day whose targets cannot be met is scheduled for `matching`
/// instead, and a forecast day with too little history before it on the metered day; both are counted.
/// The park's demand-response events (`IMPORT_CAPACITY_LIMIT` for the park) limit the import of
/// the days they fall on, as in `greenpark schedule`; those days are counted too.
struct SimulationDays: Sendable {
    let service: SimulationService
    /// The park with the added devices and loads.
    let park: Park
    let sources: ScheduleTerms.Sources
    let objective: ScheduleInput.Objective
    /// The added devices (the last ones of `park.storage`).
    let devices: [StorageDevice]
    let first: CivilDate
    let count: Int

    /// One month replayed.
    struct Replay: Sendable {
        var data: PeriodData
        var levels: [Int64]
        var curtailedWh: Int64 = 0
        var fallbackDays = 0
        var unforecastDays = 0
        /// Days with a demand-response import limit (the park's events in its VTN).
        var eventDays = 0
        /// Days solved with binaries (Cbc).
        var binaryDays = 0
    }

    /// The tariff's TOU period of each interval of `data` ("flat" without a tariff).
    func touPeriod(_ data: PeriodData) -> [String] {
        let local = service.context.local
        return (0..<data.problem.intervalCount).map { t in
            let start = data.start(ofInterval: t)
            return sources.tariff?.period(month: local.date(of: start).month, minute: local.minuteOfDay(start))
                ?? "flat"
        }
    }

    /// `data` (the metered month) with the schedules applied, devices starting at `levels`.
    func replay(_ data: PeriodData, information: ScheduleService.Information, levels: [Int64]) throws -> Replay {
        let step = park.settings.resolution.seconds
        let n = data.problem.memberCount, m = data.problem.generatorCount, intervals = data.problem.intervalCount
        let own = park.storage.count - devices.count, all = park.storage.count
        var replay = Replay(data: data, levels: levels)
        var consumption = data.problem.consumption, generation = data.problem.generation
        var charge = [Int64](repeating: 0, count: intervals * all), discharge = charge
        if let metered = data.storage {
            for t in 0..<intervals {
                for k in 0..<own {
                    charge[t * all + k] = metered.charge[t * own + k]
                    discharge[t * all + k] = metered.discharge[t * own + k]
                }
            }
        }
        let lookBack = -Int64(ForecastService.historyDays) * 86_400
        let history = information == .forecast
            ? try ForecastService(context: service.context).history(
                from: service.context.local.startOfDay(first).adding(seconds: lookBack),
                days: ForecastService.historyDays + count)
            : []
        let windows = try ScheduleTerms.windows(park.flexibleLoads, step: step,
                                                count: park.settings.resolution.intervalsPerDay)
        let owners = windows.map { w in park.members.firstIndex { $0.id == w.load.member }! }
        // The park's demand-response events limit each day's import, as `greenpark schedule` plans them.
        let events = try DemandResponseService(context: service.context).events(from: data.from, to: data.to)
        let local = service.context.local
        for d in 0..<count {
            // A local day from its midnight to the next: 23 or 25 hours where the clocks change.
            let day = CivilDate(daysSinceEpoch: first.daysSinceEpoch + Int64(d))
            let base = Int((local.startOfDay(day).seconds - data.from.seconds) / step)
            let end = Int((local.startOfDay(CivilDate(daysSinceEpoch: day.daysSinceEpoch + 1)).seconds
                               - data.from.seconds) / step)
            guard base >= 0, end <= intervals, base < end else { continue }
            let perDay = end - base
            // The flexible loads' windows cut to the day; a window a short day leaves empty moves nothing.
            let moved = windows.indices.compactMap { f -> (f: Int, load: FlexibleLoad, window: Range<Int>)? in
                let window = windows[f].window.clamped(to: 0..<perDay)
                return window.isEmpty ? nil : (f, windows[f].load, window)
            }
            // A gap's intervals count nowhere: planned as empty, the devices idle in them.
            let idle = (0..<perDay).map { data.problem.excluded[base + $0] }
            let load = (0..<perDay).map { t in
                idle[t] ? 0 : (0..<n).reduce(Int64(0)) { $0 + consumption[(base + t) * n + $1] }
            }
            let output = (0..<perDay).map { t in
                idle[t] ? 0 : (0..<m).reduce(Int64(0)) { $0 + generation[(base + t) * m + $1] }
            }
            var planned = (load: load, generation: output)
            if information == .forecast {
                let series = history.map {
                    ForecastService.SeriesForecast($0.series, kind: $0.kind, season: $0.season,
                                                   day: ForecastService.historyDays + d)
                }
                if let forecast = try? ScheduleService.totals(series, day: day) {
                    // Forecasts are of 24-hour days: cut, or the last hour repeated, on a day the clocks change.
                    planned = (ScheduleService.fit(forecast.load, perDay),
                               ScheduleService.fit(forecast.generation, perDay))
                } else {
                    replay.unforecastDays += 1
                }
            }
            let starts = (0..<perDay).map { data.start(ofInterval: base + $0) }
            let terms = try ScheduleTerms(park: park, sources: sources, day: day, starts: starts, objective: objective)
            var input = terms.input(objective: objective, step: step, load: planned.load,
                                    generation: planned.generation,
                                    storage: devices.enumerated().map { ($1, replay.levels[$0]) },
                                    flexible: moved.map { (load: $0.load, window: $0.window) })
            input.importLimit = DemandResponseLimits.limits(events, park: park, starts: starts, step: step)
            if input.importLimit.contains(where: { $0 != nil }) { replay.eventDays += 1 }
            let schedule: DaySchedule
            do {
                schedule = try service.scheduler.schedule(input)
            } catch let error as OptimizationError where objective == .policy && error.kind == .infeasible {
                input.objective = .matching
                replay.fallbackDays += 1
                schedule = try service.scheduler.schedule(input)
            }
            if schedule.usedBinaries { replay.binaryDays += 1 }
            for (f, item) in moved.enumerated() {
                let baseline = input.baseline(of: f), i = owners[item.f], window = Array(item.window)
                // The load's baseline comes out of the metered consumption, never more than is there;
                // what came out goes back where the schedule puts it, in proportion (largest
                // remainder) when less came out than planned: the day's consumption stays exact.
                let removed = window.map { min(consumption[(base + $0) * n + i], baseline[$0]) }
                let planned = window.map { schedule.flexible[f][$0] }
                let total = removed.reduce(0, +)
                let placed = planned.reduce(0, +) == total ? planned
                    : planned.contains { $0 > 0 } ? LargestRemainder.shares(of: total, weights: planned) : removed
                for (k, t) in window.enumerated() {
                    consumption[(base + t) * n + i] += placed[k] - removed[k]
                }
            }
            let taken = (0..<perDay).map { t in (0..<n).reduce(Int64(0)) { $0 + consumption[(base + t) * n + $1] } }
            let dispatch = ScheduleDispatch(plan: schedule, devices: devices, initialWh: replay.levels, load: taken,
                                            generation: output, gridCharging: objective == .cost, idle: idle)
            replay.levels = dispatch.endWh
            for t in 0..<perDay {
                for k in devices.indices {
                    charge[(base + t) * all + own + k] = dispatch.charge[k][t]
                    discharge[(base + t) * all + own + k] = dispatch.discharge[k][t]
                }
                let cut = dispatch.curtailed[t]
                guard cut > 0 else { continue }
                let row = (base + t) * m
                let shares = LargestRemainder.shares(of: cut, weights: Array(generation[row..<(row + m)]))
                for j in 0..<m { generation[row + j] -= shares[j] }
                replay.curtailedWh += cut
            }
        }
        replay.data.problem.consumption = consumption
        replay.data.problem.generation = generation
        replay.data.storage = StorageSeries(devices: park.storage, intervalCount: intervals, charge: charge,
                                            discharge: discharge)
        return replay
    }
}
