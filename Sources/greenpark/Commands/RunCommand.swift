import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark run`: the whole period in one go.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import readings, allocate a period and write the results, in one go.",
        discussion: """
            Imports every readings file (a directory means its *.csv files) into the park's
            store exactly as `greenpark import` does (files imported before are skipped), then
            allocates [--from, --to) and writes to --out:
              summary.json     park, member and generator totals, policy checks, Scope 2
              allocations.csv  interval_start,member_id,generator_id,energy_wh
              members.csv      interval_start,member_id,consumption_wh,allocated_wh,grid_import_wh
              certificates.csv scheme,first_id,last_id,device_id,production_start,production_end,volume_wh,owner,status,
                               origin,storage_device,efficiency,produced_start,produced_end
                               (the last four for certificates released from storage)
              ledger.jsonl     the signed certificate ledger (docs/ledger.md)
              statements/      the redemption statements of the period, JSON and printable HTML,
                               with the hours of consumption each covers
              scope2.csv       Scope 2 per member, whole period and each month: both methods,
                               annual and hourly, and the hourly CFE score
              scope2-quality.csv  the 8 Scope 2 Quality Criteria of every redeemed certificate
              report.html      the park's report (self-contained; print to PDF with
                               chromium --headless --print-to-pdf=report.pdf report.html)
              cbam.json, cbam.csv, cbam.xml  when members list installations: electricity,
                               indirect emissions and SEE per installation and good
                               (production and direct emissions from --production)
              h2-45v.json, h2-45v-hours.csv  for hydrogen producers: the three 45V pillars
                               and the hours not matched by qualifying generation
              shared_costs.csv month,item,member_id,method,amount_fen,error_bound_fen,note: the
                               park's shared_costs, each billing month's cost split on that
                               month's data (the same amounts as settlement.csv's shared lines)
              settlement.csv   with a settlement section: every bill and statement line of
                               each billing month in the run (a month cut by the run pays its
                               share of the monthly charges; not stored: greenpark settle
                               --final stores and numbers a month)
            --outputs names the ones to write (e.g. summary,scope2,statements for a large park:
            allocations.csv and ledger.jsonl grow with members x intervals and with the whole
            ledger); what is left out can be written later from the store (certificates
            statements, ledger export, report) or by running the period again.
            Certificates of the park's scheme are issued for every production period inside the
            run (calendar months for GEC and I-REC, hours for granular), transferred per the
            allocation, and with --redeem retired for each member's own consumption not yet
            covered (hour by hour; never twice), which makes summary.json's covered_wh.
            Periods issued before whose readings were corrected since are corrected: more
            certificates where generation went up, certificates withdrawn (or a debit on the
            device's next issuance where they were redeemed) where it went down, and transfers
            that follow the corrected allocation; the output says what changed. Running the
            same period again with nothing changed changes nothing. Needs the operator key of
            greenpark init (--operator-key), the one that sealed the ledger so far.
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Readings files or directories.", valueName: "file-or-dir"))
    var readings: [String] = []

    @OptionGroup var period: PeriodOptions

    @Option(help: "Directory for the results.")
    var out: String

    @Flag(help: "Redeem each member's certificates of the period for its own consumption (Scope 2).")
    var redeem = false

    @Option(help: "Certificate scheme for every generator (default: each generator's scheme in the park file).")
    var scheme: CertificateScheme?

    @Option(help: "Language of report.html: en or zh.") var lang: ReportLanguage = .en

    @Option(help: ArgumentHelp("CBAM production file: installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t.", valueName: "file"))
    var production: String?

    @Option(help: ArgumentHelp("Outputs to write, comma-separated (default all): "
                               + RunOutput.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "list"))
    var outputs = "all"

    @Option(help: "Import: split coarser data ('even').") var split: ImportOptions.Split?
    @Option(help: "Import: estimate short gaps ('linear').") var estimate: ImportOptions.Estimation?
    @Option(help: "Import: longest gap to estimate, in intervals.") var maxGap: Int = 4
    @Option(help: "Import: the files' interval length in minutes.") var inputResolution: Int?

    func validate() throws {
        guard period.from != nil, period.to != nil else { throw ValidationError("run needs --from and --to") }
    }

    func run() throws {
        try Terminal.run {
            let outputs = try RunOutput.parse(outputs)
            let park = try parkOptions.loadPark()
            let production = try EmissionsService.production(production, park: park)
            let context = try parkOptions.context(park)
            let key = try parkOptions.signingKey(for: context)
            var options = ImportOptions(estimation: estimate, maxGap: maxGap, split: split, inputResolutionMinutes: inputResolution)
            options.beforeCommit = FaultInjection.beforeCommit()
            let (from, to) = try period.period(park) { throw ArgumentProblem(message: "run needs --from and --to") }
            let request = RunService.Request(
                readings: try Self.files(readings), importOptions: options, from: from, to: to, fromText: period.from!,
                toText: period.to!, gaps: period.gaps, out: URL(fileURLWithPath: out, isDirectory: true), redeem: redeem,
                scheme: scheme, language: lang, production: production, outputs: outputs)
            let result = try RunService(context: context, key: key).run(request, progress: Render.importProgress())
            for report in result.imports { Render.importReport(report, allGaps: false) }
            Render.allocation(result.allocation, park: park)
            Render.certificates(result.certificates)
            Render.warnings(result.warnings)
            print("wrote \(out)/" + result.files.joined(separator: ", "))
        }
    }

    /// Files named, with directories expanded to their *.csv files (sorted).
    static func files(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FileProblem(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
                result += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                result.append(path)
            }
        }
        return result
    }
}
