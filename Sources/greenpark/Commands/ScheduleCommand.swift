import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices

/// `greenpark schedule`: a day's storage and flexible-load schedule, solved as a linear
/// program (docs/schedules.md).
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Decide a day's storage charge/discharge and flexible loads, interval by interval.",
        discussion: """
            The park's load and generation for the local day are forecast from the stored \
            history before it (docs/forecasts.md: per series the method closer to the meters over \
            the last 7 days, or the other where the history is too short for it), or with \
            --information perfect taken from the metered day \
            (what-ifs on history). The schedule respects every device's power and \
            state-of-charge limits, the flexible loads' windows, energy and power limits, and the \
            park's feed-in cap (a surplus_share maximum in its policy profile); it ends each \
            device's day no emptier than it started. The import limits of the VTN's \
            demand-response events on the day are kept where the devices and loads can \
            (docs/demand-response.md).

            Objectives: matching (most green energy reaching the members hour by hour; storage \
            charges only from the park's generation), cost (lowest bills at the TOU tariff and \
            PPA prices of the settlement: section; storage may charge from the grid), policy \
            (the profile's self-consumption and green-share minimums met with the least \
            curtailment). Solved by COIN-OR Clp, and Cbc with binaries where a device would \
            otherwise charge and discharge at once.

            Prints a summary; --out writes the schedule: --format csv (every interval: the \
            park's balance, each device's charge, discharge and state of charge, each flexible \
            load's energy, Wh), set-points (interval, device, set-point in W: storage positive \
            charging, negative discharging) or json (all of it).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(help: ArgumentHelp("The local day to schedule.", valueName: "YYYY-MM-DD"))
    var day: String

    @Option(help: ArgumentHelp("What to optimise: matching, cost or policy.", valueName: "objective"))
    var objective: String = "matching"

    @Option(help: ArgumentHelp("forecast (day-ahead, the default) or perfect (the metered day).",
                               valueName: "information"))
    var information: String = "forecast"

    @Option(help: ArgumentHelp("Every device's state of charge at the start, a fraction of its capacity "
                                   + "(default: its min_soc).", valueName: "fraction"))
    var initialSoc: String?

    @Option(help: ArgumentHelp("csv, set-points or json.", valueName: "format"))
    var format: String = "csv"

    @Option(help: "Write the schedule to this file ('-': standard output).")
    var out: String?

    func validate() throws {
        guard CivilDate(parsing: day) != nil else { throw ValidationError("--day \(day) is not a date YYYY-MM-DD") }
        guard ScheduleInput.Objective(rawValue: objective) != nil else {
            throw ValidationError("--objective \(objective): one of matching, cost, policy")
        }
        guard ScheduleService.Information(rawValue: information) != nil else {
            throw ValidationError("--information \(information): forecast or perfect")
        }
        guard ["csv", "set-points", "json"].contains(format) else {
            throw ValidationError("--format \(format): csv, set-points or json")
        }
        if let initialSoc, Fixed6(parsing: initialSoc).map({ $0 >= .zero && $0 <= .one }) != true {
            throw ValidationError("--initial-soc \(initialSoc): a fraction from 0 to 1")
        }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            guard !park.storage.isEmpty || !park.flexibleLoads.isEmpty else {
                throw ServiceError("schedule.nothing", "the park file declares no storage: and no flexible_loads:, "
                                       + "so there is nothing to schedule (docs/park-file.md)")
            }
            let service = ScheduleService(context: try parkOptions.existingContext(park))
            let plan = try service.plan(day: CivilDate(parsing: day)!, objective: .init(rawValue: objective)!,
                                        information: .init(rawValue: information)!,
                                        initialSoC: initialSoc.flatMap(Fixed6.init(parsing:)))
            let output = ScheduleOutput(day: plan.day, information: plan.information.rawValue,
                                        intervalStarts: plan.intervalStarts, devices: plan.devices,
                                        flexibleLoads: plan.input.flexible.map(\.load), schedule: plan.schedule,
                                        importLimits: plan.input.importLimit)
            let text = format == "json" ? output.json : format == "set-points" ? output.setPoints : output.csv
            if out == "-" {
                print(text, terminator: "")
                return
            }
            Self.render(plan)
            if let out { try text.write(toFile: out, atomically: true, encoding: .utf8) }
        }
    }

    static func render(_ plan: ScheduleService.DayPlan) {
        let s = plan.schedule
        let kwh: ([Int64]) -> String = { DecimalText.thousandths($0.reduce(0, +)) }
        print("schedule for \(plan.day) (\(s.objective.rawValue), \(plan.information.rawValue) information), "
            + "\(s.solver)\(s.usedBinaries ? " with binaries" : ""), "
            + "objective \(String(format: "%.3f", s.objectiveValue))")
        print("park: load \(kwh(s.load)) kWh, generation \(kwh(s.generation)) kWh, curtailed \(kwh(s.curtailed)) kWh, "
            + "grid import \(kwh(s.gridImport)) kWh, export \(kwh(s.gridExport)) kWh")
        let limited = plan.input.importLimit.indices.filter { plan.input.importLimit[$0] != nil }
        if !limited.isEmpty {
            let kept = limited.filter { s.gridImport[$0] <= plan.input.importLimit[$0]! }.count
            print("demand response: \(plan.events.map(\.id).joined(separator: ", ")) limit grid import in "
                + "\(limited.count) intervals; kept in \(kept)")
        }
        for (k, device) in plan.devices.enumerated() {
            print("storage \(device.id): charge \(kwh(s.charge[k])) kWh, discharge \(kwh(s.discharge[k])) kWh, "
                + "state of charge \(DecimalText.thousandths(plan.input.storage[k].initialWh)) -> "
                + "\(DecimalText.thousandths(s.stateOfCharge[k].last ?? 0)) kWh")
        }
        for (f, (load, _)) in plan.input.flexible.enumerated() {
            let active = s.flexible[f].enumerated().filter { $0.element > 0 }.map(\.offset)
            let span = active.first.map { "\(plan.intervalStarts[$0].iso8601) to "
                + "\(plan.intervalStarts[active.last!].adding(seconds: s.step).iso8601)" } ?? "not run"
            print("flexible \(load.id) (\(load.member)): \(kwh(s.flexible[f])) kWh, \(span)")
        }
    }
}
