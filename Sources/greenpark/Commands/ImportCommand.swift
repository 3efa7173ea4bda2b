import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// `greenpark import`: validate readings files and store them.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate meter readings (CSV) and store them at the park's resolution.",
        discussion: """
            Layouts (recognised from the header):
              long      meter_id,interval_start,energy_kwh[,quality]   (energy_wh, energy_mwh too)
              wide      interval_start,<meter>,<meter>...               (unit from a _kwh/_wh/_mwh suffix or --unit)
              register  meter_id,read_at,register_kwh                   (cumulative reads, rollover aware)
            Times are ISO 8601 with Z or an offset. Values become integer Wh (half-to-even).
            Finer data is summed up to the park's intervals; coarser data needs --split even.

            Each file is checked whole before anything is kept: any problem rejects the file
            (exit code 2) with `file:line: reason` messages, and the store stays exactly as it
            was. Importing the same file again changes nothing. Gaps are listed, never turned
            into zero; short ones are filled only with --estimate linear, and flagged forever.
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Argument(help: ArgumentHelp("Readings CSV files.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Estimate short gaps: 'linear' (between the neighbouring values).", valueName: "method"))
    var estimate: ImportOptions.Estimation?

    @Option(help: "Longest gap (in park intervals) that --estimate may fill.")
    var maxGap: Int = 4

    @Option(help: ArgumentHelp("Split values of coarser data: 'even' (equal parts, flagged 'split').", valueName: "method"))
    var split: ImportOptions.Split?

    @Option(help: ArgumentHelp("The files' interval length in minutes, when the guess from the data is wrong.", valueName: "minutes"))
    var inputResolution: Int?

    @Option(help: "Unit of wide-layout columns without a _wh/_kwh/_mwh suffix: wh, kwh or mwh.")
    var unit: String = "kwh"

    @Flag(help: "Replace stored values that differ (corrections). The old values are kept in the revision log.")
    var replace = false

    @Flag(help: "Check the files against the park and the store and report what would happen; nothing is stored.")
    var dryRun = false

    @Option(help: "Memory for day blocks held before they are written out, in MiB.")
    var memoryMb: Int = 256

    @Flag(help: "List every gap, not only the first 20.")
    var allGaps = false

    func validate() throws {
        guard maxGap >= 1 else { throw ValidationError("--max-gap must be at least 1") }
        guard memoryMb >= 16 else { throw ValidationError("--memory-mb must be at least 16") }
        guard EnergyDecimal.Unit.allCases.contains(where: { $0.columnSuffix == unit.lowercased() }) else {
            throw ValidationError("--unit must be wh, kwh or mwh")
        }
        if let inputResolution, inputResolution <= 0 || 1440 % inputResolution != 0 {
            throw ValidationError("--input-resolution must divide a day (e.g. 5, 10, 15, 30, 60)")
        }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let service = ImportService(context: try parkOptions.context(park))
            var options = ImportOptions(
                estimation: estimate, maxGap: maxGap, split: split, inputResolutionMinutes: inputResolution,
                wideUnit: EnergyDecimal.Unit.allCases.first { $0.columnSuffix == unit.lowercased() }!,
                replace: replace, memoryBudgetMB: memoryMb)
            options.beforeCommit = FaultInjection.beforeCommit()
            options.dryRun = dryRun
            var rejected = 0
            for file in files {
                do {
                    let report = try service.importFile(file, options: options, progress: Render.importProgress())
                    Render.importReport(report, allGaps: allGaps)
                } catch let error as InputRejected {
                    Terminal.warn(error.message)
                    rejected += 1
                } catch let error as FileProblem {
                    Terminal.warn(error.message)
                    rejected += 1
                }
            }
            if rejected > 0 {
                let rest = rejected == files.count ? "nothing was imported" : "the others were imported"
                Terminal.warn("\(rejected) of \(files.count) file\(files.count == 1 ? "" : "s") rejected; \(rest)")
                throw ExitCode(2)
            }
        }
    }
}

/// Test seam: `GREENPARK_FAULT=kill-before-commit` kills the process inside the import
/// transaction, just before it commits, to prove a killed import leaves no trace.
enum FaultInjection {
    static func beforeCommit() -> (@Sendable () throws -> Void)? {
        guard ProcessInfo.processInfo.environment["GREENPARK_FAULT"] == "kill-before-commit" else { return nil }
        return { kill(getpid(), SIGKILL) }
    }
}

extension ImportOptions.Estimation: ExpressibleByArgument {}
extension ImportOptions.Split: ExpressibleByArgument {}
