import Foundation
import GRDB
import GreenParkCore

extension SQLiteReadingStore: CertificateStore {
    public func loadRegistry(parkId: String) throws -> CertificateRegistry {
        try pool.read { db in
            var registry = CertificateRegistry(parkId: parkId)
            for row in try Row.fetchAll(db, sql: "SELECT * FROM certificate_range ORDER BY position") {
                registry.ranges.append(Self.range(row, parkId: parkId))
            }
            for row in try Row.fetchAll(db, sql: "SELECT kind, key, value FROM registry_value ORDER BY kind, key") {
                let kind: String = row[0], key: String = row[1], value: Int64 = row[2]
                switch kind {
                case "serial": registry.nextSerial[key] = value
                case "issuance_carry": registry.issuanceCarry[key] = value
                case "transfer_carry": registry.transferCarry[key] = value
                case "issued_period": registry.issuedPeriods.insert(key)
                case "redeemed_for": registry.redeemedFor[key] = value
                case "statement_count": registry.statementCount = Int(value)
                case "transferred_period": registry.transferredPeriods.insert(key)
                case "certified_span":
                    let parts = key.split(separator: "|").map(String.init)
                    if parts.count == 4, let start = Int64(parts[2]), let end = Int64(parts[3]) {
                        registry.certifiedSpans[parts[0], default: []].append(
                            CertificateRegistry.CertifiedSpan(scheme: parts[1], start: Timestamp(seconds: start), end: Timestamp(seconds: end)))
                    }
                default: break
                }
            }
            for device in registry.certifiedSpans.keys { registry.certifiedSpans[device]!.sort { $0.start < $1.start } }
            return registry
        }
    }

    public func commit(_ registry: CertificateRegistry, statements: [RedemptionStatement], ledger: [LedgerEntry]) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM certificate_range")
            let insert = try DirectStatement(db, sql: """
                INSERT INTO certificate_range (scheme, device, first_serial, last_serial, technology, country, region, commissioned,
                    production_start, production_end, unit_wh, issued_at, issuer, origin, owner, statement, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, r) in registry.ranges.enumerated() {
                insert.text(1, r.scheme.rawValue); insert.text(2, r.device)
                insert.integer(3, r.firstSerial); insert.integer(4, r.lastSerial)
                insert.text(5, r.technology); insert.text(6, r.country); insert.text(7, r.region); insert.text(8, r.commissioned.description)
                insert.integer(9, r.productionStart.seconds); insert.integer(10, r.productionEnd.seconds)
                insert.integer(11, r.unitWh); insert.integer(12, r.issuedAt.seconds)
                insert.text(13, r.issuer); insert.text(14, r.origin); insert.text(15, r.owner)
                if case .redeemed(let id) = r.status { insert.text(16, id) } else { insert.null(16) }
                insert.integer(17, Int64(position))
                try insert.step()
            }
            try db.execute(sql: "DELETE FROM registry_value")
            let value = try db.makeStatement(sql: "INSERT INTO registry_value (kind, key, value) VALUES (?, ?, ?)")
            func put(_ kind: String, _ values: [String: Int64]) throws {
                for (key, v) in values { try value.execute(arguments: [kind, key, v]) }
            }
            try put("serial", registry.nextSerial)
            try put("issuance_carry", registry.issuanceCarry)
            try put("transfer_carry", registry.transferCarry)
            try put("issued_period", Dictionary(uniqueKeysWithValues: registry.issuedPeriods.map { ($0, Int64(1)) }))
            try put("redeemed_for", registry.redeemedFor)
            try put("statement_count", ["": Int64(registry.statementCount)])
            try put("transferred_period", Dictionary(uniqueKeysWithValues: registry.transferredPeriods.map { ($0, Int64(1)) }))
            var spans: [String: Int64] = [:]
            for (device, list) in registry.certifiedSpans {
                for span in list { spans["\(device)|\(span.scheme)|\(span.start.seconds)|\(span.end.seconds)"] = 1 }
            }
            try put("certified_span", spans)
            for s in statements {
                try db.execute(sql: """
                    INSERT INTO redemption_statement (id, beneficiary, location, period_label, period_start, period_end, purpose, scheme, redeemed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.id, s.beneficiary, s.location, s.periodLabel, s.periodStart.seconds, s.periodEnd.seconds, s.purpose, s.scheme.rawValue, s.redeemedAt.seconds])
            }
            try Self.appendLedger(ledger, db)
        }
    }

    public func redemptionStatements() throws -> [RedemptionStatement] {
        try pool.read { db in
            let ranges = try Row.fetchAll(db, sql: "SELECT * FROM certificate_range WHERE statement IS NOT NULL ORDER BY position")
            return try Row.fetchAll(db, sql: "SELECT * FROM redemption_statement ORDER BY redeemed_at, id").map { row in
                let id: String = row["id"]
                return RedemptionStatement(
                    id: id, beneficiary: row["beneficiary"], location: row["location"], periodLabel: row["period_label"],
                    periodStart: Timestamp(seconds: row["period_start"]), periodEnd: Timestamp(seconds: row["period_end"]),
                    purpose: row["purpose"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec,
                    redeemedAt: Timestamp(seconds: row["redeemed_at"]),
                    certificates: ranges.filter { ($0["statement"] as String?) == id }.map { Self.range($0, parkId: "") })
            }
        }
    }

    static func range(_ row: Row, parkId: String) -> CertificateRange {
        let statement: String? = row["statement"]
        return CertificateRange(
            scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec, parkId: parkId, device: row["device"],
            technology: row["technology"], country: row["country"], region: row["region"],
            commissioned: CivilDate(parsing: row["commissioned"]) ?? CivilDate(year: 1970, month: 1, day: 1),
            productionStart: Timestamp(seconds: row["production_start"]), productionEnd: Timestamp(seconds: row["production_end"]),
            firstSerial: row["first_serial"], lastSerial: row["last_serial"], unitWh: row["unit_wh"],
            issuedAt: Timestamp(seconds: row["issued_at"]), issuer: row["issuer"], origin: row["origin"], owner: row["owner"],
            status: statement.map { .redeemed(statement: $0) } ?? .active)
    }
}
