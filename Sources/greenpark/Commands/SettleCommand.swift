import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats

/// `greenpark settle`: a billing month's bills, statements and invoices.
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle a billing month: member bills and invoices, generator statements, the park balance.",
        discussion: """
            Uses the park file's settlement section (tariff, PPA prices, fees, capacity charge,
            VAT) and shared_costs. Without --final the run is a preview that replaces the
            month's previous preview. With --final it is stored as the month's next version
            with a snapshot of every price used, invoices are numbered without gaps per year,
            and a difference report against the previous final version is written. Nothing
            final is ever edited. A second settlement of the same park while one runs is
            refused. Writes to --out: settlement.json, settlement.csv, snapshot.json,
            invoices/<number>.json and .html, statements/<month>-<generator>.html, and
            difference.txt for a later version.
            """
    )

    @OptionGroup var parkOptions: ParkOptions
    @Option(help: "The billing month in the park's time zone, e.g. 2023-05.") var month: String
    @Flag(help: "Store the run as the month's next final version and number its invoices.") var final = false
    @Option(help: "Directory for the files (default: settlement-<month> next to the park file).") var out: String?
    @Option(help: "Language of the invoices and statements: en or zh.") var lang: ReportLanguage = .en
    @Option(help: "Intervals without data: 'fail' or 'skip-interval'.") var gaps: GapPolicy = .fail

    func validate() throws {
        guard month.split(separator: "-").count == 2, ReportCommand.bounds(month) != nil else { throw ValidationError("--month must be a month such as 2023-05") }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let store = try parkOptions.requireStore(for: park)
            let lock = try SettlementLock(databasePath: parkOptions.databasePath)
            // Test hooks: say when the lock is held, and hold it while another run starts.
            if let marker = ProcessInfo.processInfo.environment["GREENPARK_SETTLE_LOCKED_MARKER"] {
                FileManager.default.createFile(atPath: marker, contents: Data())
            }
            if let seconds = ProcessInfo.processInfo.environment["GREENPARK_SETTLE_HOLD_SECONDS"].flatMap(Double.init) {
                Thread.sleep(forTimeInterval: seconds)
            }
            // The files must be writable before anything final (and its invoice numbers) is stored.
            let directory = URL(fileURLWithPath: out ?? parkOptions.parkDirectory.appendingPathComponent("settlement-\(month)").path)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let probe = directory.appendingPathComponent(".greenpark-write-test")
                try Data().write(to: probe)
                try FileManager.default.removeItem(at: probe)
            } catch {
                throw ArgumentProblem(message: "cannot write the settlement files to \(directory.path) (\(error.localizedDescription)); choose another --out. Nothing was stored.")
            }
            let local = LocalTime(identifier: park.settings.timeZone)!
            let (first, next) = ReportCommand.bounds(month)!
            let runner = SettlementRunner(park: park, store: store, parkDirectory: parkOptions.parkDirectory)
            let result = try runner.run(month: month, from: local.startOfDay(first), to: local.startOfDay(next), gaps: gaps, final: final)
            try runner.write(result, to: directory, language: lang)
            withExtendedLifetime(lock) {}
            let s = result.writer.settlement
            print(result.stored.map { "settlement \(month) version \($0.version ?? 0) (final)" } ?? "settlement \(month): preview (not final)")
            for bill in s.bills {
                print("  \(bill.member.padding(toLength: 14, withPad: " ", startingAt: 0)) \(result.stored?.invoices[bill.member] ?? "preview")  net \(Terminal.yuan(bill.netFen))  VAT \(Terminal.yuan(bill.vatFen))  total \(Terminal.yuan(bill.totalFen)) CNY")
            }
            for st in s.statements { print("  \(st.generator.padding(toLength: 14, withPad: " ", startingAt: 0)) receives \(Terminal.yuan(st.totalFen)) CNY") }
            print("  balance: \(Terminal.yuan(s.moneyInFen)) CNY in = \(Terminal.yuan(s.moneyOutFen)) CNY out")
            if let difference = result.difference { print(difference, terminator: "") }
            print("wrote \(directory.path)")
        }
    }
}
