import Foundation
import GRDB
import GreenParkCore

extension SQLiteReadingStore: CertificateStore {
    public func loadRegistry(parkId: String) throws -> CertificateRegistry {
        try pool.read { db in
            var registry = CertificateRegistry(parkId: parkId)
            let ranges = try Row.fetchCursor(db, sql: "SELECT issue, first_serial, last_serial, owner, statement FROM certificate_range ORDER BY issue, first_serial")
            var pending = try ranges.next()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM certificate_issue ORDER BY number") {
                let issue = Self.issue(row, parkId: parkId)
                var own: [CertificateRange] = []
                while let r = pending, (r[0] as Int) == issue.number {
                    own.append(Self.range(r, issue: issue))
                    pending = try ranges.next()
                }
                registry.restore(CertificateRegistry.Entry(
                    issue: issue, ranges: own, transferredTo: (row["transferred_to"] as String).split(separator: "\n").map(String.init)))
            }
            for row in try Row.fetchAll(db, sql: "SELECT kind, key, value FROM registry_value ORDER BY kind, key") {
                let kind: String = row[0], key: String = row[1], value: Int64 = row[2]
                switch kind {
                case "serial": registry.nextSerial[key] = value
                case "issuance_carry": registry.issuanceCarry[key] = value
                case "transfer_carry": registry.transferCarry[key] = value
                case "redeemed_for": registry.redeemedFor[key] = value
                case "statement_count": registry.statementCount = Int(value)
                default: break
                }
            }
            return registry
        }
    }

    public func commit(_ registry: inout CertificateRegistry, statements: [RedemptionStatement], ledger: [LedgerEntry]) throws {
        let changed = registry.changed.sorted()
        try pool.write { [registry] db in
            // Only the issuances changed since loading are written back.
            let issue = try DirectStatement(db, sql: """
                INSERT OR REPLACE INTO certificate_issue (number, scheme, device, technology, country, region, commissioned,
                    production_start, production_end, first_serial, count, unit_wh, issued_at, issuer, origin, transferred_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let clear = try DirectStatement(db, sql: "DELETE FROM certificate_range WHERE issue = ?")
            let range = try DirectStatement(db, sql: "INSERT INTO certificate_range (issue, first_serial, last_serial, owner, statement) VALUES (?, ?, ?, ?, ?)")
            for n in changed {
                let entry = registry.issues[n], i = entry.issue
                issue.integer(1, Int64(n)); issue.text(2, i.scheme.rawValue); issue.text(3, i.device); issue.text(4, i.technology)
                issue.text(5, i.country); issue.text(6, i.region); issue.text(7, i.commissioned.description)
                issue.integer(8, i.productionStart.seconds); issue.integer(9, i.productionEnd.seconds)
                issue.integer(10, i.firstSerial); issue.integer(11, i.count); issue.integer(12, i.unitWh); issue.integer(13, i.issuedAt.seconds)
                issue.text(14, i.issuer); issue.text(15, i.origin); issue.text(16, entry.transferredTo.joined(separator: "\n"))
                try issue.step()
                clear.integer(1, Int64(n))
                try clear.step()
                for r in entry.ranges {
                    range.integer(1, Int64(n)); range.integer(2, r.firstSerial); range.integer(3, r.lastSerial); range.text(4, r.owner)
                    if case .redeemed(let id) = r.status { range.text(5, id) } else { range.null(5) }
                    try range.step()
                }
            }
            // Counters and carries are few (per device, member and period claimed): rewritten whole.
            try db.execute(sql: "DELETE FROM registry_value")
            let value = try db.makeStatement(sql: "INSERT INTO registry_value (kind, key, value) VALUES (?, ?, ?)")
            func put(_ kind: String, _ values: [String: Int64]) throws {
                for (key, v) in values { try value.execute(arguments: [kind, key, v]) }
            }
            try put("serial", registry.nextSerial)
            try put("issuance_carry", registry.issuanceCarry)
            try put("transfer_carry", registry.transferCarry)
            try put("redeemed_for", registry.redeemedFor)
            try put("statement_count", ["": Int64(registry.statementCount)])
            for s in statements {
                try db.execute(sql: """
                    INSERT INTO redemption_statement (id, beneficiary, location, period_label, period_start, period_end, purpose, scheme, redeemed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.id, s.beneficiary, s.location, s.periodLabel, s.periodStart.seconds, s.periodEnd.seconds, s.purpose, s.scheme.rawValue, s.redeemedAt.seconds])
            }
            try Self.appendLedger(ledger, db)
        }
        registry.markCommitted()
    }

    public func redemptionStatements(parkId: String) throws -> [RedemptionStatement] {
        try pool.read { db in
            var issues: [Int: CertificateIssue] = [:]
            var retired: [String: [CertificateRange]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.*, r.first_serial AS range_first, r.last_serial AS range_last, r.owner AS range_owner, r.statement AS range_statement
                FROM certificate_range r JOIN certificate_issue i ON i.number = r.issue
                WHERE r.statement IS NOT NULL ORDER BY r.issue, r.first_serial
                """)
            for row in rows {
                let n: Int = row["number"], statement: String = row["range_statement"]
                let issue = issues[n] ?? Self.issue(row, parkId: parkId)
                issues[n] = issue
                retired[statement, default: []].append(CertificateRange(
                    issue: issue, firstSerial: row["range_first"], lastSerial: row["range_last"], owner: row["range_owner"],
                    status: .redeemed(statement: statement)))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM redemption_statement ORDER BY redeemed_at, id").map { row in
                let id: String = row["id"]
                return RedemptionStatement(
                    id: id, beneficiary: row["beneficiary"], location: row["location"], periodLabel: row["period_label"],
                    periodStart: Timestamp(seconds: row["period_start"]), periodEnd: Timestamp(seconds: row["period_end"]),
                    purpose: row["purpose"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec,
                    redeemedAt: Timestamp(seconds: row["redeemed_at"]), certificates: retired[id] ?? [])
            }
        }
    }

    /// An issuance from its row (columns by name).
    static func issue(_ row: Row, parkId: String) -> CertificateIssue {
        CertificateIssue(
            number: row["number"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec, parkId: parkId, device: row["device"],
            technology: row["technology"], country: row["country"], region: row["region"],
            commissioned: CivilDate(parsing: row["commissioned"]) ?? CivilDate(year: 1970, month: 1, day: 1),
            productionStart: Timestamp(seconds: row["production_start"]), productionEnd: Timestamp(seconds: row["production_end"]),
            firstSerial: row["first_serial"], count: row["count"], unitWh: row["unit_wh"], issuedAt: Timestamp(seconds: row["issued_at"]),
            issuer: row["issuer"], origin: row["origin"])
    }

    /// A range from its first five columns: issue, first serial, last serial, owner, statement.
    static func range(_ row: Row, issue: CertificateIssue) -> CertificateRange {
        let statement: String? = row[4]
        return CertificateRange(issue: issue, firstSerial: row[1], lastSerial: row[2], owner: row[3],
                                status: statement.map { .redeemed(statement: $0) } ?? .active)
    }
}
