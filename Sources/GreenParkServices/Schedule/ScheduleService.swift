import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization

/// A day's schedule for the park's storage and flexible loads (docs/schedules.md): the
/// park's load (all members) and generation for the day, either forecast from the history
/// before it or, for what-ifs on history, the metered day itself ("perfect information"),
/// the prices and policy limits of the park file (``ScheduleTerms``), the import limits of
/// the demand-response events on the day (``DemandResponseLimits``), solved by ``Scheduler``.
public struct ScheduleService: Sendable {
    public let context: ParkContext
    public let scheduler: Scheduler

    public init(context: ParkContext, scheduler: Scheduler = Scheduler()) {
        self.context = context
        self.scheduler = scheduler
    }

    /// What the day's load and generation are taken from.
    public enum Information: String, Sendable, CaseIterable {
        /// The metered day: what a perfect forecast would have said (what-ifs only).
        case perfect
        /// The day-ahead forecast from the history before the day: the regression, or the
        /// seasonal-naive forecast for a series whose history is too short for it.
        case forecast
    }

    /// A day's schedule with what it was decided from.
    public struct DayPlan: Sendable {
        public var day: CivilDate
        public var intervalStarts: [Timestamp]
        public var information: Information
        public var devices: [StorageDevice]
        public var input: ScheduleInput
        public var terms: ScheduleTerms
        public var schedule: DaySchedule
        /// The demand-response events the day's import limits come from.
        public var events: [DemandResponseEvent]
    }

    /// The schedule of local day `day` (its 23 or 25 hours where the clocks change; a
    /// 24-hour forecast is then cut or its last hour repeated). Every storage device starts the day at
    /// `initialSoC` of its capacity (default: its minimum state of charge).
    public func plan(day: CivilDate, objective: ScheduleInput.Objective, information: Information,
                     initialSoC: Fixed6? = nil) throws -> DayPlan {
        let park = context.park
        let step = park.settings.resolution.seconds
        let start = context.local.startOfDay(day)
        // The local day: 23 or 25 hours where the clocks change.
        let next = context.local.startOfDay(CivilDate(daysSinceEpoch: day.daysSinceEpoch + 1))
        let count = Int((next.seconds - start.seconds) / step)
        let starts = (0..<count).map { start.adding(seconds: Int64($0) * step) }
        let (load, generation): ([Int64], [Int64])
        switch information {
        case .forecast:
            let forecast = try ForecastService(context: context).forecast(day: day)
            let totals = try Self.totals(forecast.series, day: day)
            // Forecasts are of 24-hour days: cut, or the last hour repeated, on a day the clocks change.
            (load, generation) = (Self.fit(totals.load, count), Self.fit(totals.generation, count))
        case .perfect:
            (load, generation) = try metered(from: start, count: count, day: day)
        }
        let storage = try park.storage.map { device in
            (device: device, initialWh: try Self.initialWh(device, initialSoC))
        }
        let terms = try ScheduleTerms(park: park, sources: try ScheduleTerms.Sources(park: park,
                                                                                     parkDirectory: context.directory),
                                      day: day, starts: starts, objective: objective)
        var input = terms.input(objective: objective, step: step, load: load, generation: generation,
                                storage: storage,
                                flexible: try ScheduleTerms.windows(park.flexibleLoads, step: step, count: count))
        let events = try DemandResponseService(context: context)
            .events(from: start, to: start.adding(seconds: Int64(count) * step))
        input.importLimit = DemandResponseLimits.limits(events, park: park, starts: starts, step: step)
        return DayPlan(day: day, intervalStarts: starts, information: information, devices: park.storage,
                       input: input, terms: terms, schedule: try scheduler.schedule(input), events: events)
    }

    /// `values` made `count` long: cut, or the last value repeated (0 for none).
    static func fit(_ values: [Int64], _ count: Int) -> [Int64] {
        (0..<count).map { values.isEmpty ? 0 : values[min($0, values.count - 1)] }
    }

    /// A device's state of charge at the start, in Wh: `soc` of its capacity, or its minimum.
    static func initialWh(_ device: StorageDevice, _ soc: Fixed6?) throws -> Int64 {
        guard let soc else { return device.minimumWh }
        guard soc >= device.minimumSoC, soc <= device.maximumSoC else {
            throw ServiceError("schedule.initial-soc", "storage \(device.id): the state of charge at the start, "
                                   + "\(soc), is outside its limits \(device.minimumSoC) to \(device.maximumSoC)")
        }
        return device.capacityWh * soc.millionths / 1_000_000
    }

    /// The park's load (members) and generation per interval from each series' forecast:
    /// the method it takes (``ForecastService/SeriesForecast/taken``); a series with none is refused.
    static func totals(_ series: [ForecastService.SeriesForecast],
                       day: CivilDate) throws -> (load: [Int64], generation: [Int64]) {
        var load: [Int64] = [], generation: [Int64] = []
        for item in series {
            guard let method = item.taken, let values = item.values[method] ?? nil else {
                throw ServiceError("schedule.no-history", "\(item.kind) \(item.id) has too little metered "
                                       + "history before \(day) to forecast it (at least one day, a week for "
                                       + "a load); import its readings or schedule on perfect information")
            }
            if load.isEmpty { load = Array(repeating: 0, count: values.count) }
            if generation.isEmpty { generation = Array(repeating: 0, count: values.count) }
            for (t, value) in values.enumerated() {
                if item.kind == "member" { load[t] += value } else { generation[t] += value }
            }
        }
        return (load, generation)
    }

    /// The metered day's load and generation; a day with gaps is refused.
    func metered(from start: Timestamp, count: Int, day: CivilDate) throws -> (load: [Int64], generation: [Int64]) {
        let park = context.park
        let data = try PeriodData.load(park: park, store: context.stores.readings, from: start,
                                       to: start.adding(seconds: Int64(count) * park.settings.resolution.seconds))
        // Storage meters do not count: the schedule decides what the devices do.
        let meters = Set(park.members.flatMap(\.meters) + park.generators.map(\.meter))
        if let gap = data.gaps.first(where: { meters.contains($0.meter) }) {
            throw ServiceError("schedule.gaps", "\(day) is not fully metered (meter \(gap.meter) has no value "
                                   + "for \(gap.intervals) intervals from \(gap.start)); perfect information "
                                   + "needs the members' and generators' whole day")
        }
        let n = data.problem.memberCount, m = data.problem.generatorCount
        return ((0..<count).map { t in (0..<n).reduce(0) { $0 + data.problem.consumption[t * n + $1] } },
                (0..<count).map { t in (0..<m).reduce(0) { $0 + data.problem.generation[t * m + $1] } })
    }
}
