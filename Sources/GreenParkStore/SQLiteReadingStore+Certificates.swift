import Foundation
import GRDB
import GRDBSQLite
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
            let insert = try db.makeStatement(sql: """
                INSERT INTO certificate_range (scheme, device, first_serial, last_serial, technology, country, region, commissioned,
                    production_start, production_end, unit_wh, issued_at, issuer, origin, owner, statement, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Bound with SQLite's C API directly: a year of hourly certificates is millions of rows.
            let s = insert.sqliteStatement
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            func text(_ index: Int32, _ value: String) {
                var value = value
                value.withUTF8 { _ = sqlite3_bind_text(s, index, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), transient) }
            }
            for (position, r) in registry.ranges.enumerated() {
                sqlite3_reset(s)
                text(1, r.scheme.rawValue); text(2, r.device)
                sqlite3_bind_int64(s, 3, r.firstSerial); sqlite3_bind_int64(s, 4, r.lastSerial)
                text(5, r.technology); text(6, r.country); text(7, r.region); text(8, r.commissioned.description)
                sqlite3_bind_int64(s, 9, r.productionStart.seconds); sqlite3_bind_int64(s, 10, r.productionEnd.seconds)
                sqlite3_bind_int64(s, 11, r.unitWh); sqlite3_bind_int64(s, 12, r.issuedAt.seconds)
                text(13, r.issuer); text(14, r.origin); text(15, r.owner)
                if case .redeemed(let id) = r.status { text(16, id) } else { sqlite3_bind_null(s, 16) }
                sqlite3_bind_int64(s, 17, Int64(position))
                let code = sqlite3_step(s)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            sqlite3_reset(s)
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
