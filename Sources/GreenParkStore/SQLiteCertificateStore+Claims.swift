import Foundation
import GRDB
import GreenParkCore

/// Hourly claim coverage per statement, and the corrections made after issuance.
extension SQLiteCertificateStore {
    public func coverage(member: String, from: Timestamp, to: Timestamp) throws -> [ClaimCoverage] {
        try pool.read { try Self.coverage(member: member, from: from, to: to, $0) }
    }

    static func coverage(member: String, from: Timestamp, to: Timestamp, _ db: Database) throws -> [ClaimCoverage] {
        // A statement's hours run from first_hour for (length of covered / 8) hours.
        try Row.fetchAll(db, sql: """
            SELECT * FROM claim_coverage WHERE member = ? AND first_hour < ? AND first_hour + LENGTH(covered) / 8 * 3600 > ?
            ORDER BY statement
            """, arguments: [member, to.seconds, from.seconds]).map(coverage)
    }

    static func coverage(_ row: Row) -> ClaimCoverage {
        let blob: Data = row["covered"]
        var values = [Int64](repeating: 0, count: blob.count / 8)
        values.withUnsafeMutableBytes { _ = blob.copyBytes(to: $0) }
        return ClaimCoverage(statement: row["statement"], member: row["member"],
                             firstHour: Timestamp(seconds: row["first_hour"]), coveredWh: values.map(Int64.init(littleEndian:)))
    }

    /// `ifAbsent`: recovered coverage of an old statement, kept when another command stored it first.
    static func insert(_ c: ClaimCoverage, _ db: Database, ifAbsent: Bool = false) throws {
        let blob = c.coveredWh.map(\.littleEndian).withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT \(ifAbsent ? "OR IGNORE " : "")INTO claim_coverage (member, statement, first_hour, covered) VALUES (?, ?, ?, ?)",
                       arguments: [c.member, c.statement, c.firstHour.seconds, blob])
    }

    public func certificateChecks() throws -> [(from: Timestamp, to: Timestamp, at: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT period_from, period_to, at FROM certificate_check ORDER BY id").map {
                (Timestamp(seconds: $0[0]), Timestamp(seconds: $0[1]), Timestamp(seconds: $0[2]))
            }
        }
    }

    public func corrections() throws -> [CertificateCorrection] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM certificate_correction ORDER BY seq").map { row in
                let allocations = (row["allocations"] as String).split(separator: "\n").compactMap { line in
                    let p = line.split(separator: "\t")
                    return p.count == 3 ? CertificateCorrection.Allocation(
                        member: String(p[0]), beforeWh: Int64(p[1]) ?? 0, afterWh: Int64(p[2]) ?? 0) : nil
                }
                return CertificateCorrection(
                    id: row["id"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec, device: row["device"],
                    productionStart: Timestamp(seconds: row["production_start"]),
                    productionEnd: Timestamp(seconds: row["production_end"]), meteredBeforeWh: row["metered_before_wh"],
                    meteredAfterWh: row["metered_after_wh"], allocations: allocations,
                    revisions: (row["revisions"] as String).split(separator: ",").compactMap { Int64($0) },
                    issued: row["issued"], withdrawn: row["withdrawn"], returned: row["returned"], given: row["given"],
                    debitWh: row["debit_wh"],
                    flaggedStatements: (row["flagged"] as String).split(separator: ",").map(String.init),
                    at: Timestamp(seconds: row["at"]))
            }
        }
    }

    static func insert(_ c: CertificateCorrection, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO certificate_correction (id, scheme, device, production_start, production_end, metered_before_wh,
                metered_after_wh, allocations, revisions, issued, withdrawn, returned, given, debit_wh, flagged, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                c.id, c.scheme.rawValue, c.device, c.productionStart.seconds, c.productionEnd.seconds, c.meteredBeforeWh,
                c.meteredAfterWh, c.allocations.map { "\($0.member)\t\($0.beforeWh)\t\($0.afterWh)" }.joined(separator: "\n"),
                c.revisions.map(String.init).joined(separator: ","), c.issued, c.withdrawn, c.returned, c.given, c.debitWh,
                c.flaggedStatements.joined(separator: ","), c.at.seconds,
            ])
    }
}
