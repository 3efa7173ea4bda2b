import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark settle`: a billing month's bills, statements and invoices.
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle a billing month: member bills and invoices, generator statements, the park balance.",
        discussion: """
            Uses the park file's settlement section (tariff, PPA prices, fees, capacity charge,
            VAT) and shared_costs. Every settlement is checked against its inputs before
            anything is stored (billed Wh = consumption, sold + exported Wh = generation and,
            per storage device, = discharge, each shared cost's lines = the month's cost); a
            failed check stores nothing (exit 1). Storage devices buy their charge and sell to
            the members at settlement.storage_prices, each with its own statement; with
            settlement.demand_response_fen_per_kwh the month's demand-response events are
            credited on the bills (docs/settlement.md).
            Without --final the run is a preview that replaces the month's previous preview.
            With --final the first run is stored as version 1 with a snapshot of every price
            used, and invoices are numbered without gaps per year. A later --final run with the
            same bills and statements stores nothing and writes nothing (exit 0). One with
            differences is the next version: each member whose bill changed gets a credit note
            cancelling its current invoice and a new invoice replacing it (same numbering),
            each generator whose statement changed a new statement replacing it; the others
            keep their documents. Nothing final is ever edited. A second settlement of the same
            park while one runs is refused. Intervals skipped for missing data (--gaps
            skip-interval) are billed to no one, as in summary.json, with a warning. Writes to
            --out: settlement.json, settlement.csv, snapshot.json, the documents issued
            (invoices/<number>.json and .html, statements/<name>.html), and difference.txt for
            a later version.
            """
    )

    @OptionGroup var parkOptions: ParkOptions
    @Option(help: "The billing month in the park's time zone, e.g. 2023-05.") var month: String
    @Flag(help: "Store the run as the month's next final version if a bill or statement changed; number documents.")
    var final = false
    @Option(help: "Directory for the files (default: settlement-<month> next to the park file).") var out: String?
    @Option(help: "Language of the invoices and statements: en or zh.") var lang: ReportLanguage = .en
    @Option(help: "Intervals without data: 'fail' or 'skip-interval'.") var gaps: GapPolicy = .fail

    func validate() throws {
        guard month.split(separator: "-").count == 2, ReportingPeriod(month) != nil else { throw ValidationError("--month must be a month such as 2023-05") }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let context = try parkOptions.existingContext(park)
            let directory = URL(fileURLWithPath: out
                                ?? parkOptions.parkDirectory.appendingPathComponent("settlement-\(month)").path)
            let result = try SettlementService(context: context).settle(
                month: month, final: final, gaps: gaps, out: directory, language: lang) {
                // Test hooks: say when the lock is held, and hold it while another run starts.
                if let marker = ProcessInfo.processInfo.environment["GREENPARK_SETTLE_LOCKED_MARKER"] {
                    FileManager.default.createFile(atPath: marker, contents: Data())
                }
                if let seconds = ProcessInfo.processInfo.environment["GREENPARK_SETTLE_HOLD_SECONDS"].flatMap(Double.init) {
                    Thread.sleep(forTimeInterval: seconds)
                }
            }
            Render.warnings(result.warnings)
            if let version = result.unchangedSince {
                print("settlement \(month): unchanged since version \(version) (final): the same lines and amounts; "
                      + "nothing stored, no document issued, no file written")
                Self.reportCurrent(result)
                return
            }
            Self.report(result, month: month)
            print("wrote \(directory.path)")
        }
    }
}
