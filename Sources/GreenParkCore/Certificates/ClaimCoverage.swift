import Crypto

/// The consumption one redemption statement covers, hour by hour: Wh of the beneficiary's
/// metered consumption in each local clock hour (DOMAIN.md 4). Stored per statement, so
/// coverage per member and hour is the sum over its statements and no Wh is covered twice.
public struct ClaimCoverage: Sendable, Equatable {
    public let statement: String
    public let member: String
    /// Start of the first covered hour.
    public let firstHour: Timestamp
    /// Wh covered per hour from `firstHour` (0 where an hour in between is not covered);
    /// first and last are never 0.
    public let coveredWh: [Int64]

    /// Coverage from per-hour figures starting at `firstHour`; uncovered hours at both
    /// ends are dropped.
    public init(statement: String, member: String, firstHour: Timestamp, coveredWh: [Int64]) {
        let first = coveredWh.firstIndex { $0 != 0 } ?? coveredWh.count
        let last = coveredWh.lastIndex { $0 != 0 } ?? -1
        self.statement = statement
        self.member = member
        self.firstHour = firstHour.adding(seconds: Int64(first) * 3600)
        self.coveredWh = first <= last ? Array(coveredWh[first...last]) : []
    }

    /// All Wh covered.
    public var totalWh: Int64 { coveredWh.reduce(0, +) }

    /// The covered hours and their Wh, in time order (hours with 0 left out).
    public var hours: [(start: Timestamp, wh: Int64)] {
        coveredWh.enumerated().compactMap { k, wh in
            wh == 0 ? nil : (firstHour.adding(seconds: Int64(k) * 3600), wh)
        }
    }

    /// SHA-256 (hex) of the covered hours as text, one `<hour start ISO 8601> <Wh>\n` line
    /// per covered hour in time order: the redemption's ledger entry carries it, so the
    /// statement's hour list can be checked against the signed ledger.
    public var digest: String {
        var text = ""
        for (start, wh) in hours { text += "\(start.iso8601) \(wh)\n" }
        return Hex.string(SHA256.hash(data: Array(text.utf8)))
    }
}
