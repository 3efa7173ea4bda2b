import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// Scope 2, the CFE score, the Quality Criteria and the HTML report of an allocated
/// period, from the stored redemption statements. Shared by `run`, `report` and the demo.
struct EmissionsRunner {
    let park: Park
    let store: SQLiteReadingStore
    let parkDirectory: URL

    struct Result {
        var report: EmissionsReport
        var statements: [RedemptionStatement]
    }

    func run(_ allocation: AllocationRunner.Result) throws -> Result {
        let statements = try store.redemptionStatements(parkId: park.settings.id)
        let report = try EmissionsReport(
            park: park, data: allocation.data, outcome: allocation.outcome, statements: statements,
            factors: try EmissionFactorSources.table(for: park, parkDirectory: parkDirectory), parkDirectory: parkDirectory)
        return Result(report: report, statements: statements)
    }

    /// The HTML report of `member` (the whole park when nil).
    func html(_ result: Result, member: String?, language: ReportLanguage) throws -> String {
        let renderer = ReportRenderer(park: park, report: result.report, statements: result.statements,
                                      local: LocalTime(identifier: park.settings.timeZone)!, language: language)
        return try renderer.html(member: member, generatedAt: Timestamp.now())
    }

    /// Writes scope2.csv, scope2-quality.csv and report.html (the whole park) into `directory`.
    func write(_ result: Result, to directory: URL, language: ReportLanguage) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Scope2Writer.csv(result.report).write(to: directory.appendingPathComponent("scope2.csv"), atomically: true, encoding: .utf8)
        try Scope2Writer.qualityCSV(result.report).write(to: directory.appendingPathComponent("scope2-quality.csv"), atomically: true, encoding: .utf8)
        try html(result, member: nil, language: language).write(to: directory.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    }
}
