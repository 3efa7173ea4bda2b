import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices

/// `greenpark simulate`: a what-if on the stored history with storage added and flexible
/// loads moved by daily schedules (docs/schedules.md).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a past period with added storage and scheduled flexible loads: before and after.",
        discussion: """
            Every local day of [--from, --to) is scheduled (as `greenpark schedule` does, with \
            --objective) for the added --storage devices and every flexible load (the park \
            file's and the added --flex ones), once on perfect information (the metered day) \
            and once on day-ahead forecasts; each schedule is then dispatched on the metered \
            day (a device never charges more than its room or, except for the cost objective, \
            than the park's spare generation; never discharges below its minimum) and the \
            month is allocated exactly like `greenpark allocate`. Reports before and after: \
            self-consumption, green share, surplus fed in, curtailment, storage energy, and per \
            member the hourly matched share, the energy bill (grid at the TOU tariff, green at \
            the PPA prices plus fees, stored energy at the device's storage price, as settle \
            bills it; no VAT, capacity or shared costs) and Scope 2 (location-based; \
            market-based hourly).

            --storage CAPACITYkWh:POWERkW[:EFFICIENCY] adds a park-owned device (round-trip \
            efficiency 0.90 unless given, state of charge kept between 0.10 and 0.95, empty at \
            the start). --flex MEMBER,KWH_PER_DAY,HH:MM-HH:MM,MAX_KW[,MIN_KW] adds a flexible \
            load inside that member's metered consumption. Intervals with gaps are skipped. \
            The park's demand-response events (greenpark dr events) limit the import of their \
            days, as in greenpark schedule. Nothing is stored. --format json prints {"before": ..., "after": ..., \
            "after_perfect_information": ...} ("after": on forecasts, what a real day-ahead \
            schedule achieves).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(help: ArgumentHelp("First local day.", valueName: "YYYY-MM-DD"))
    var from: String

    @Option(help: ArgumentHelp("Day after the last.", valueName: "YYYY-MM-DD"))
    var to: String

    @Option(help: ArgumentHelp("A device to add (repeatable).", valueName: "CAPACITYkWh:POWERkW[:EFFICIENCY]"))
    var storage: [String] = []

    @Option(help: ArgumentHelp("A flexible load to add (repeatable).",
                               valueName: "MEMBER,KWH_PER_DAY,HH:MM-HH:MM,MAX_KW[,MIN_KW]"))
    var flex: [String] = []

    @Option(help: ArgumentHelp("What the schedules optimise: matching, cost or policy.", valueName: "objective"))
    var objective: String = "matching"

    @Option(help: ArgumentHelp("both (default), perfect or forecast.", valueName: "information"))
    var information: String = "both"

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] where CivilDate(parsing: value) == nil {
            throw ValidationError("\(name) \(value) is not a date YYYY-MM-DD")
        }
        guard ScheduleInput.Objective(rawValue: objective) != nil else {
            throw ValidationError("--objective \(objective): one of matching, cost, policy")
        }
        guard ["both", "perfect", "forecast"].contains(information) else {
            throw ValidationError("--information \(information): both, perfect or forecast")
        }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): text or json") }
        _ = try devices()
        _ = try loads()
    }

    /// The added devices, `sim-bess-1`, `sim-bess-2`, ...
    func devices() throws -> [StorageDevice] {
        try storage.enumerated().map { k, spec in
            let parts = spec.split(separator: ":").map(String.init)
            func amount(_ text: String, _ unit: String) -> Int64? {
                guard text.lowercased().hasSuffix(unit.lowercased()),
                      let value = Fixed6(parsing: String(text.dropLast(unit.count))), value > .zero,
                      value.millionths <= 1_000_000_000 * 1_000_000 else { return nil }
                return value.millionths / 1000
            }
            guard (2...3).contains(parts.count), let capacity = amount(parts[0], "kWh"),
                  let power = amount(parts[1], "kW"), capacity > 0, power > 0 else {
                throw ValidationError("--storage \(spec): CAPACITYkWh:POWERkW[:EFFICIENCY], e.g. 20000kWh:5000kW:0.9")
            }
            guard let efficiency = parts.count == 3 ? Fixed6(parsing: parts[2]) : Fixed6(millionths: 900_000) else {
                throw ValidationError("--storage \(spec): the efficiency \(parts[2]) is not a number")
            }
            let id = "sim-bess-\(k + 1)"
            do {
                return try StorageDevice(id: id, name: "Simulated battery \(k + 1)", capacityWh: capacity,
                                         chargeW: power, dischargeW: power, efficiency: efficiency,
                                         minimumSoC: Fixed6(millionths: 100_000),
                                         maximumSoC: Fixed6(millionths: 950_000),
                                         chargeMeter: id + "-in", dischargeMeter: id + "-out")
            } catch let error as StorageDeviceError {
                throw ValidationError("--storage \(spec): \(error.rule)")
            }
        }
    }

    /// The added flexible loads, `sim-flex-1`, ...
    func loads() throws -> [FlexibleLoad] {
        try flex.enumerated().map { f, spec in
            let parts = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let usage = ValidationError("--flex \(spec): MEMBER,KWH_PER_DAY,HH:MM-HH:MM,MAX_KW[,MIN_KW], "
                                            + "e.g. textiles,2000,08:00-20:00,500")
            guard (4...5).contains(parts.count), let energy = Fixed6(parsing: parts[1]),
                  let most = Fixed6(parsing: parts[3]), let least = parts.count == 5 ? Fixed6(parsing: parts[4]) : .zero
            else { throw usage }
            let window = parts[2].split(separator: "-").map { Self.minute(String($0)) }
            guard window.count == 2, let start = window[0], let end = window[1] else { throw usage }
            do {
                return try FlexibleLoad(id: "sim-flex-\(f + 1)", member: parts[0],
                                        energyWhPerDay: energy.millionths / 1000, windowStartMinute: start,
                                        windowEndMinute: end, minimumW: least.millionths / 1000,
                                        maximumW: most.millionths / 1000)
            } catch let error as FlexibleLoadError {
                throw ValidationError("--flex \(spec): \(error.rule)")
            }
        }
    }

    /// Minutes of `HH:MM` (24:00 allowed as the end of the day).
    static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
              (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let service = SimulationService(context: try parkOptions.existingContext(park))
            let info: [ScheduleService.Information] = information == "both" ? [.perfect, .forecast]
                : [ScheduleService.Information(rawValue: information)!]
            let options = SimulationService.Options(
                from: CivilDate(parsing: from)!, to: CivilDate(parsing: to)!, objective: .init(rawValue: objective)!,
                storage: try devices(), flexible: try loads(), information: info)
            let started = Date()
            let result = try service.run(options) { month in
                FileHandle.standardError.write(Data("simulated \(month)\n".utf8))
            }
            var sides = [result.before.json(key: "before", park: result.park, tariff: result.tariff)]
            if let after = result.after[.forecast] {
                sides.append(after.json(key: "after", park: result.park, tariff: result.tariff))
            }
            if let perfect = result.after[.perfect] {
                sides.append(perfect.json(key: info.count == 1 ? "after" : "after_perfect_information",
                                          park: result.park, tariff: result.tariff))
            }
            if format == "json" {
                let head = [("from", from), ("to", to), ("objective", objective),
                            ("storage", storage.joined(separator: " ")), ("flex", flex.joined(separator: " "))]
                print(SimulationJSON.render(head: head, sides: sides), terminator: "")
            } else {
                SimulationText.print(sides, days: result.days, seconds: Date().timeIntervalSince(started))
            }
        }
    }
}
