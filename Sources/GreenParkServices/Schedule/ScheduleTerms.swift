import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization

/// What a park's file says a day's schedule must respect and pays (docs/schedules.md):
/// - grid import at the interval's TOU price (the `settlement:` tariff), the surplus at the
///   export price, green energy at the generators' PPA prices averaged by capacity;
/// - from the park's policy profile for the day: a `surplus_share` maximum becomes the
///   feed-in cap, the `self_consumption_ratio` and `green_share` minimums become the
///   `policy` objective's targets;
/// - each flexible load's window as the day's intervals wholly inside it.
///
/// A park without a `settlement:` section schedules `matching` and `policy` with prices of
/// 0; `cost` needs the prices and is refused without them.
public struct ScheduleTerms: Sendable {
    public var importPrice: [Double]
    public var exportPrice: Double
    public var ppaPrice: Double
    public var feedInCap: Fixed6?
    public var minimumSelfConsumption: Fixed6?
    public var minimumGreenShare: Fixed6?
    /// The tariff's TOU period of each interval ("flat" without a tariff).
    public var touPeriod: [String]

    /// The park's tariff (nil without a `settlement:` section) and policy profile, read once.
    public struct Sources: Sendable {
        public var tariff: Tariff?
        public var profile: PolicyProfile

        public init(park: Park, parkDirectory: URL) throws {
            tariff = try park.settlement.map { try TariffCatalog.tariff($0.tariff, parkDirectory: parkDirectory) }
            profile = try PolicyProfileCatalog.profile(for: park, parkDirectory: parkDirectory)
        }
    }

    /// The terms of local day `day` whose intervals start at `starts`.
    public init(park: Park, sources: Sources, day: CivilDate, starts: [Timestamp],
                objective: ScheduleInput.Objective) throws {
        let local = LocalTime(identifier: park.settings.timeZone)!
        if let settings = park.settlement, let tariff = sources.tariff {
            touPeriod = starts.map {
                tariff.period(month: local.date(of: $0).month, minute: local.minuteOfDay($0)) ?? "flat"
            }
            importPrice = touPeriod.map { Double(tariff.prices[$0]?.millionths ?? 0) / 1e6 }
            exportPrice = Double(settings.exportPrice.millionths) / 1e6
            var priced = 0.0, capacity = 0.0
            for generator in park.generators {
                let weight = Double(generator.capacityKW.millionths)
                priced += Double(settings.ppa[generator.id]?.millionths ?? 0) / 1e6 * weight
                capacity += weight
            }
            ppaPrice = capacity > 0 ? priced / capacity : 0
        } else {
            guard objective != .cost else {
                throw ServiceError("schedule.no-prices", "the cost objective needs the park's prices: add a "
                                       + "settlement: section (tariff, ppa, export_price) to the park file")
            }
            touPeriod = Array(repeating: "flat", count: starts.count)
            importPrice = Array(repeating: 0, count: starts.count)
            exportPrice = 0
            ppaPrice = 0
        }
        func threshold(_ metric: PolicyMetric, _ bound: PolicyRule.Bound) -> Fixed6? {
            sources.profile.rules.first { $0.metric == metric && $0.bound == bound }?
                .threshold(forPeriodStarting: day)
        }
        feedInCap = threshold(.surplusShare, .max)
        minimumSelfConsumption = threshold(.selfConsumptionRatio, .min)
        minimumGreenShare = threshold(.greenShare, .min)
    }

    /// Each flexible load with the intervals of a day of `count` intervals of `step` seconds
    /// that lie wholly inside its window; a window holding no whole interval is refused.
    public static func windows(_ loads: [FlexibleLoad], step: Int64,
                               count: Int) throws -> [(load: FlexibleLoad, window: Range<Int>)] {
        try loads.map { load in
            let first = Int((Int64(load.windowStartMinute) * 60 + step - 1) / step)
            let end = min(count, Int(Int64(load.windowEndMinute) * 60 / step))
            guard first < end else {
                throw ServiceError("schedule.window", "flexible load \(load.id): its window "
                                       + "\(load.windowStartMinute)-\(load.windowEndMinute) min holds no "
                                       + "whole interval")
            }
            return (load, first..<end)
        }
    }

    /// The schedule's input from a day's load and generation and these terms.
    public func input(objective: ScheduleInput.Objective, step: Int64, load: [Int64], generation: [Int64],
                      storage: [(device: StorageDevice, initialWh: Int64)],
                      flexible: [(load: FlexibleLoad, window: Range<Int>)]) -> ScheduleInput {
        ScheduleInput(objective: objective, step: step, load: load, generation: generation, storage: storage,
                      flexible: flexible, importPrice: importPrice, exportPrice: exportPrice, ppaPrice: ppaPrice,
                      feedInCap: feedInCap, minimumSelfConsumption: minimumSelfConsumption,
                      minimumGreenShare: minimumGreenShare)
    }
}
