import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import Synchronization

/// What-ifs on history (`greenpark simulate`, docs/schedules.md): the stored period replayed
/// as metered ("before") and with storage devices added and the flexible loads moved by a
/// daily schedule ("after"), decided on perfect information (the metered day) and on
/// day-ahead forecasts, then dispatched on the metered day (``ScheduleDispatch``) and
/// allocated exactly like `greenpark allocate` (``PeriodEvaluation``). A month at a time:
/// memory follows the month, not the period. Intervals with gaps are skipped on both sides.
///
/// The park's own storage devices keep what they metered; the schedule decides the added
/// devices and every flexible load (the park file's and the added ones). The added devices
/// start at their minimum state of charge and carry their state from day to day.
public struct SimulationService: Sendable {
    public let context: ParkContext
    public let scheduler: Scheduler

    public init(context: ParkContext, scheduler: Scheduler = Scheduler()) {
        self.context = context
        self.scheduler = scheduler
    }

    /// What to replay.
    public struct Options: Sendable {
        public var from: CivilDate
        public var to: CivilDate
        public var objective: ScheduleInput.Objective
        public var storage: [StorageDevice]
        public var flexible: [FlexibleLoad]
        public var information: [ScheduleService.Information]

        public init(from: CivilDate, to: CivilDate, objective: ScheduleInput.Objective, storage: [StorageDevice],
                    flexible: [FlexibleLoad], information: [ScheduleService.Information] = [.perfect, .forecast]) {
            self.from = from
            self.to = to
            self.objective = objective
            self.storage = storage
            self.flexible = flexible
            self.information = information
        }
    }

    /// Both sides of the what-if.
    public struct Result: Sendable {
        public var options: Options
        public var before: SimulationFigures
        public var after: [ScheduleService.Information: SimulationFigures]
        /// The park as simulated (with the added devices and loads), for bills and names.
        public var park: Park
        public var tariff: Tariff?
        public var days: Int
    }

    /// Replays `options`; `progress` is told each month as it is done.
    public func run(_ options: Options, progress: (String) -> Void = { _ in }) throws -> Result {
        let park = context.park
        guard options.from < options.to, options.to.daysSinceEpoch - options.from.daysSinceEpoch <= 3_660 else {
            throw ServiceError("simulate.period", "--from must come before --to, at most ten years apart")
        }
        let added = try Self.simulated(park, storage: options.storage, flexible: options.flexible)
        let sources = try ScheduleTerms.Sources(park: added, parkDirectory: context.directory)
        let rule = try AllocationRule(park: park)
        let factors = try EmissionFactorSources.table(for: park, parkDirectory: context.directory)
        var before = SimulationFigures(memberIDs: park.members.map(\.id))
        var after = Dictionary(uniqueKeysWithValues: options.information.map { ($0, before) })
        let local = context.local
        // Charge records certified before keep the efficiency they were certified with, as in allocate.
        let recorded = park.storage.isEmpty ? [:]
            : try context.stores.certificates.storageEfficiencies(parkId: park.settings.id)
        let ownQueues = try park.storage.isEmpty ? []
            : StorageHistory(park: park, store: context.stores.readings, recorded: recorded)
                .queues(at: local.startOfDay(options.from))
        var beforeQueues = ownQueues
        var afterQueues = Dictionary(uniqueKeysWithValues: options.information.map { info in
            (info, ownQueues + options.storage.indices.map { StorageQueue(device: park.storage.count + $0) })
        })
        var levels = Dictionary(uniqueKeysWithValues: options.information.map {
            ($0, options.storage.map(\.minimumWh))
        })
        var month = options.from
        while month < options.to {
            let next = min(options.to, month.nextMonthStart)
            var data = try PeriodData.load(park: park, store: context.stores.readings, from: local.startOfDay(month),
                                           to: local.startOfDay(next))
            try data.apply(.skipInterval)
            let days = SimulationDays(service: self, park: added, sources: sources, objective: options.objective,
                                      devices: options.storage, first: month,
                                      count: Int(next.daysSinceEpoch - month.daysSinceEpoch))
            let plain = try PeriodEvaluation(park: park, data: data, rule: rule, profile: sources.profile,
                                             factors: factors, periodStart: month, recorded: recorded) { beforeQueues }
            before.add(plain, data: data, park: park, touPeriod: days.touPeriod(data), curtailedWh: 0)
            if let queues = plain.storage?.queues { beforeQueues = queues }
            // The sides are independent: one thread each (the machine's two cores).
            let infos = options.information, month0 = month, monthData = data
            let startLevels = levels, startQueues = afterQueues
            let outcomes = Mutex<[ScheduleService.Information: Swift.Result<(SimulationDays.Replay, PeriodEvaluation),
                                                                      any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: infos.count) { n in
                let info = infos[n]
                let outcome = Swift.Result { () throws -> (SimulationDays.Replay, PeriodEvaluation) in
                    let replay = try days.replay(monthData, information: info, levels: startLevels[info]!)
                    let evaluation = try PeriodEvaluation(park: added, data: replay.data, rule: rule,
                                                          profile: sources.profile, factors: factors,
                                                          periodStart: month0, recorded: recorded) {
                        startQueues[info]!
                    }
                    return (replay, evaluation)
                }
                outcomes.withLock { $0[info] = outcome }
            }
            for info in infos {
                let (replay, evaluation) = try outcomes.withLock { $0[info]! }.get()
                after[info]!.add(evaluation, data: replay.data, park: added, touPeriod: days.touPeriod(data),
                                 curtailedWh: replay.curtailedWh)
                after[info]!.fallbackDays += replay.fallbackDays
                after[info]!.unforecastDays += replay.unforecastDays
                after[info]!.eventDays += replay.eventDays
                after[info]!.binaryDays += replay.binaryDays
                afterQueues[info] = evaluation.storage?.queues ?? afterQueues[info]
                levels[info] = replay.levels
            }
            progress(String(format: "%04d-%02d", month.year, month.month))
            month = next
        }
        return Result(options: options, before: before, after: after, park: added, tariff: sources.tariff,
                      days: Int(options.to.daysSinceEpoch - options.from.daysSinceEpoch))
    }

    /// The park with the added devices and flexible loads; an id already in use is refused.
    static func simulated(_ park: Park, storage: [StorageDevice], flexible: [FlexibleLoad]) throws -> Park {
        var used = Set(park.members.map(\.id) + park.generators.map(\.id) + park.storage.map(\.id)
                           + park.flexibleLoads.map(\.id) + park.meters.map(\.id))
        for id in storage.flatMap({ [$0.id, $0.chargeMeter, $0.dischargeMeter] }) + flexible.map(\.id) {
            guard used.insert(id).inserted else {
                throw ServiceError("simulate.duplicate-id", "\(id) is already used in the park file or by another "
                                       + "added device or load; name it differently")
            }
        }
        let members = Set(park.members.map(\.id))
        if let load = flexible.first(where: { !members.contains($0.member) }) {
            throw ServiceError("simulate.unknown-member", "flexible load \(load.id): \(load.member) is not a member "
                                   + "of the park (members: \(park.members.map(\.id).joined(separator: ", ")))")
        }
        var out = park
        out.storage += storage
        out.flexibleLoads += flexible
        return out
    }
}
