import GreenParkCore
import GreenParkFormats

/// A member's or the whole park's report for a period (`greenpark report`): allocation
/// recomputed (nothing stored), Scope 2, CBAM and 45V, as self-contained HTML.
public struct ReportService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// The HTML of `member` (the park when nil) for `[from, to)`, and the warnings.
    public func html(member: String?, from: Timestamp, to: Timestamp, gaps: GapPolicy, language: ReportLanguage,
                     production: [CBAMProduction]?) throws -> (html: String, warnings: [String]) {
        if let member, !context.park.members.contains(where: { $0.id == member }) {
            throw ServiceError("report.unknown-member", "\(member) is not a member of the park")
        }
        let allocation = try AllocationService(context: context).compute(from: from, to: to, gaps: gaps)
        let emissions = EmissionsService(context: context)
        let result = try emissions.compute(allocation, production: production)
        return (try emissions.html(result, member: member, language: language), result.warnings)
    }
}
