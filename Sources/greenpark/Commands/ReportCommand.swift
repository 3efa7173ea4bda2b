import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

extension ReportLanguage: ExpressibleByArgument {}

/// `greenpark report`: the HTML report of a member or of the whole park for a period.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the self-contained HTML report of a member or of the whole park for a year or month.",
        discussion: """
            Allocates the stored period again (nothing is stored) and reads the certificates
            redeemed for it, then writes one HTML file with no scripts and no network: key
            figures, monthly green vs grid bars, daily generation and load, the day-by-hour
            matching heatmap, Scope 2 by month in both methods (annual and hourly), the hourly
            CFE score, the redeemed certificates with their Scope 2 Quality Criteria, the
            factors used and the method. Texts are all English (--lang en) or all Chinese
            (--lang zh). For PDF: chromium --headless --print-to-pdf=report.pdf report.html
            (A4 print styles are built in).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(help: "The member the report is for.") var member: String?
    @Flag(help: "A report for the whole park instead of one member.") var parkWide = false
    @Option(help: "The period: a year (2023) or a month (2023-05) in the park's time zone.") var period: String
    @Option(help: "Language: en or zh.") var lang: ReportLanguage = .en
    @Option(help: "Where to write the report (default: report-<member or park>-<period>.html next to the park file).") var out: String?
    @Option(help: "Intervals without data: 'fail' or 'skip-interval' (as for allocate).") var gaps: GapPolicy = .fail
    @Option(help: ArgumentHelp("CBAM production file, for the CBAM table of members with installations.", valueName: "file")) var production: String?

    func validate() throws {
        guard (member != nil) != parkWide else { throw ValidationError("give either --member ID or --park-wide") }
        guard ReportingPeriod(period) != nil else { throw ValidationError("--period must be a year (2023) or a month (2023-05)") }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let productionRows = try EmissionsService.production(production, park: park)
            let context = try parkOptions.existingContext(park)
            let (from, to) = ReportingPeriod(period)!.instants(context.local)
            let (html, warnings) = try ReportService(context: context).html(
                member: member, from: from, to: to, gaps: gaps,
                language: lang, production: productionRows)
            Render.warnings(warnings)
            let path = out ?? parkOptions.parkDirectory.appendingPathComponent("report-\(member ?? "park")-\(period)-\(lang.rawValue).html").path
            try html.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path) (\(Terminal.grouped(html.utf8.count)) bytes)")
        }
    }
}
