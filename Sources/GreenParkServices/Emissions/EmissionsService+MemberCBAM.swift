import Foundation
import GreenParkCore
import GreenParkFormats

extension EmissionsService {
    /// One member's EU CBAM installation report for `[from, to)` from its production rows
    /// (the format of `run --production`, as bytes): the indirect emissions of each of its
    /// installations' goods from the allocation of the period (gaps refused). The rows are read
    /// as if the park had only this member's installations: a row naming another member's is
    /// refused exactly as one naming an installation that does not exist.
    public func memberCBAM(member: String, from: Timestamp, to: Timestamp,
        production csv: [UInt8]) throws -> CBAMWriter {
        guard let owner = park.members.first(where: { $0.id == member }), !owner.installations.isEmpty else {
            throw ServiceError("cbam.no-installations", "\(member) lists no installations in the park file")
        }
        var mine = park
        for k in mine.members.indices where mine.members[k].id != member { mine.members[k].installations = [] }
        let rows: [CBAMProduction]
        do {
            rows = try SpoolFile.with(csv, prefix: "production", code: "cbam.spool") { path in
                try CBAMProductionReader.read(path: path, park: mine)
            }
        } catch let rejected as InputRejected {
            // Problems name the rows as sent, not the spool file.
            throw InputRejected(file: "production.csv", issues: rejected.issues.map {
                InputIssue(file: "production.csv", line: $0.line, column: $0.column, code: $0.code, reason: $0.reason)
            }, totalIssues: rejected.totalIssues, code: rejected.code)
        }
        let allocation = try AllocationService(context: context).compute(from: from, to: to, gaps: .fail)
        let factors = try EmissionFactorSources.table(for: park, parkDirectory: context.directory)
        let gridFactor = try factors.resolve(park.emissionFactors.cbam, year: park.emissionFactors.year)
        let results = try CBAMCalculator.run(park: park, data: allocation.data, outcome: allocation.outcome,
                                             production: rows, gridFactor: gridFactor, storage: allocation.storage)
            .filter { $0.member == member }
        let local = context.local
        let period = "\(local.date(of: from))/\(local.date(of: to.adding(seconds: -1)))"
        return CBAMWriter(park: park, period: period, from: from, to: to, gridFactor: gridFactor, results: results)
    }
}
