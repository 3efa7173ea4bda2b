import GRDB
import GreenParkCore

/// Issuances read once and shared by the ranges that refer to them (a year of hourly
/// certificates has one issuance per device and hour, and every member's statement refers
/// to the same ones).
struct IssueCache {
    let parkId: String
    private var issues: [Int: CertificateIssue] = [:]

    init(parkId: String) { self.parkId = parkId }

    /// Issuance `number`, or nil when the store has none.
    mutating func issue(_ number: Int, _ db: Database) throws -> CertificateIssue? {
        if let known = issues[number] { return known }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM certificate_issue WHERE number = ?",
                                         arguments: [number]) else { return nil }
        let issue = SQLiteCertificateStore.issue(row, parkId: parkId)
        issues[number] = issue
        return issue
    }
}
