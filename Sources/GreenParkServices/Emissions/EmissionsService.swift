import Foundation
import GreenParkCore
import GreenParkFormats

/// Scope 2, the CFE score, the Quality Criteria, CBAM, 45V and the HTML report of an
/// allocated period, from the stored redemption statements (DOMAIN.md 5). Used by `run`,
/// `report`, evidence packs and the demo.
public struct EmissionsService: Sendable {
    public let context: ParkContext
    var park: Park { context.park }
    var parkDirectory: URL { context.directory }

    public init(context: ParkContext) { self.context = context }

    public struct Result: Sendable {
        public var report: EmissionsReport
        public var statements: [RedemptionStatement]
        /// CBAM per installation and good (nil when no member lists installations).
        public var cbam: CBAMWriter?
        /// The 45V pillars of each hydrogen producer.
        public var hydrogen: [Hydrogen45V.Result]
        /// Things the caller should tell the user (e.g. production rows left out).
        public var warnings: [String] = []
    }

    /// Reads and checks a CBAM production file before anything else is done.
    public static func production(_ path: String?, park: Park) throws -> [CBAMProduction]? {
        guard let path else { return nil }
        guard park.members.contains(where: { !$0.installations.isEmpty }) else {
            throw ServiceError("cbam.no-installations",
                               "--production \(path): no member of the park file lists installations (members[].installations)")
        }
        return try CBAMProductionReader.read(path: path, park: park)
    }

    /// `production`: the rows of the CBAM production file, when given; `statements`: the
    /// redemption statements to report (default: the store's).
    public func compute(_ allocation: AllocationService.Result, production: [CBAMProduction]? = nil,
                        statements given: [RedemptionStatement]? = nil) throws -> Result {
        let statements = try given ?? context.stores.certificates.redemptionStatements(
            parkId: park.settings.id, overlapping: (allocation.data.from, allocation.data.to), withoutCoverageOnly: false)
        var warnings: [String] = []
        let factors = try EmissionFactorSources.table(for: park, parkDirectory: parkDirectory)
        let report = try EmissionsReport(
            park: park, data: allocation.data, outcome: allocation.outcome, statements: statements,
            factors: factors, parkDirectory: parkDirectory, storage: allocation.storage)
        var cbam: CBAMWriter?
        if park.members.contains(where: { !$0.installations.isEmpty }) {
            let rows = production ?? []
            let inRun = rows.filter { $0.start >= allocation.data.from && $0.end <= allocation.data.to }
            if inRun.count < rows.count {
                warnings.append("\(rows.count - inRun.count) production row(s) outside the run's period were left out")
            }
            let gridFactor = try factors.resolve(park.emissionFactors.cbam, year: park.emissionFactors.year)
            let results = try CBAMCalculator.run(park: park, data: allocation.data, outcome: allocation.outcome,
                                                   production: inRun, gridFactor: gridFactor,
                                                   storage: allocation.storage)
            cbam = CBAMWriter(park: park, period: report.period, from: allocation.data.from, to: allocation.data.to, gridFactor: gridFactor, results: results)
        }
        let local = LocalTime(identifier: park.settings.timeZone)!
        let year = local.date(of: allocation.data.from).year
        let hydrogen = park.members.indices.compactMap {
            Hydrogen45V.check(park: park, member: $0, data: allocation.data, outcome: allocation.outcome, periodYear: year,
                              hourOffset: local.hourOffset(at: allocation.data.from),
                              storage: allocation.summary.storage, localYear: { local.date(of: $0).year })
        }
        return Result(report: report, statements: statements, cbam: cbam, hydrogen: hydrogen, warnings: warnings)
    }

    /// The HTML report of `member` (the whole park when nil).
    public func html(_ result: Result, member: String?, language: ReportLanguage) throws -> String {
        var renderer = ReportRenderer(park: park, report: result.report, statements: result.statements,
                                      local: LocalTime(identifier: park.settings.timeZone)!, language: language)
        renderer.cbam = result.cbam?.results
        renderer.hydrogen = result.hydrogen
        return try renderer.html(member: member, generatedAt: context.now())
    }

    /// Writes scope2.csv, scope2-quality.csv, report.html (the whole park) and, when
    /// members list installations, cbam.json, cbam.csv and cbam.xml, and for hydrogen
    /// producers h2-45v.json and h2-45v-hours.csv, into `directory`.
    public func write(_ result: Result, to directory: URL, language: ReportLanguage,
                      outputs: Set<RunOutput> = Set(RunOutput.allCases)) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func save(_ text: String, _ name: String) throws {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        if outputs.contains(.scope2) {
            try save(Scope2Writer.csv(result.report), "scope2.csv")
            try save(Scope2Writer.qualityCSV(result.report), "scope2-quality.csv")
        }
        if outputs.contains(.report) { try save(html(result, member: nil, language: language), "report.html") }
        if let cbam = result.cbam, outputs.contains(.cbam) {
            try save(cbam.json(), "cbam.json")
            try save(cbam.csv(), "cbam.csv")
            try save(cbam.xml(), "cbam.xml")
        }
        if !result.hydrogen.isEmpty, outputs.contains(.hydrogen) {
            try save(Hydrogen45VWriter.json(result.hydrogen), "h2-45v.json")
            try save(Hydrogen45VWriter.hoursCSV(result.hydrogen), "h2-45v-hours.csv")
        }
    }
}
