import Foundation
import GRDB
import GreenParkCore

/// The certificate registry, its ledger, the hourly coverage of claims and the corrections,
/// in a park's SQLite store. Every change is one ``SQLiteDatabase/exclusive(_:)``
/// transaction that reads what it changes.
public final class SQLiteCertificateStore: CertificateStore {
    public let database: SQLiteDatabase
    var pool: DatabasePool { database.pool }

    public init(database: SQLiteDatabase) { self.database = database }

    public func loadRegistry(parkId: String) throws -> CertificateRegistry {
        try pool.read { try Self.registry(parkId: parkId, $0) }
    }

    public func update<T>(parkId: String, sealingWith appender: LedgerAppender, at time: Timestamp,
                          _ body: (inout CertificateUpdate) throws -> T) throws -> (T, appended: Int) {
        try database.exclusive { db in
            try Self.checkKey(appender.key, db)
            if try String.fetchOne(db, sql: "SELECT public_key FROM operator_key WHERE id = 1") == nil {
                try db.execute(sql: "INSERT INTO operator_key (id, public_key) VALUES (1, ?)",
                               arguments: [appender.key.publicKeyHex])
            }
            var change = CertificateUpdate(registry: try Self.registry(parkId: parkId, db)) { member, from, to in
                try Self.coverage(member: member, from: from, to: to, db)
            }
            let value = try body(&change)
            for (from, to) in change.checked {
                try db.execute(sql: "INSERT INTO certificate_check (period_from, period_to, at) VALUES (?, ?, ?)",
                               arguments: [from.seconds, to.seconds, time.seconds])
            }
            var head = try Self.head(db)
            let entries = try appender.append(change.events, at: time, after: &head)
            try Self.write(change, db)
            try Self.appendLedger(entries, db)
            return (value, entries.count)
        }
    }

    /// Stores a registry's changes with ledger entries sealed by the caller, in one
    /// transaction (benchmarks; commands use ``update(parkId:sealingWith:at:_:)``).
    public func commit(_ registry: inout CertificateRegistry, statements: [RedemptionStatement],
                       ledger: [LedgerEntry]) throws {
        var change = CertificateUpdate(registry: registry) { _, _, _ in [] }
        change.statements = statements
        try database.exclusive { db in
            try Self.write(change, db)
            try Self.appendLedger(ledger, db)
        }
        registry.markCommitted()
    }

    /// Refuses a key other than the park's: the one recorded (by init or the first signing
    /// command) or, in a store from before keys were recorded, the one in the last seal.
    static func checkKey(_ key: OperatorKey, _ db: Database) throws {
        if let park = try parkKey(db), park != key.publicKeyHex {
            throw OperatorKeyMismatch(given: key.publicKeyHex, sealed: park)
        }
    }

    /// The park's operator key (public, hex), if one is recorded or has sealed the ledger.
    static func parkKey(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT public_key FROM operator_key WHERE id = 1") ?? sealKey(db)
    }

    /// Records `key` as the park's operator key; refuses when another is recorded already.
    public func recordOperatorKey(_ key: OperatorPublicKey) throws {
        try database.exclusive { db in
            if let park = try Self.parkKey(db) {
                guard park == key.hex else { throw OperatorKeyMismatch(given: key.hex, sealed: park) }
                return
            }
            try db.execute(sql: "INSERT INTO operator_key (id, public_key) VALUES (1, ?)", arguments: [key.hex])
        }
    }

    /// The park's operator key (public, hex), if one is recorded or has sealed the ledger.
    public func operatorKey() throws -> String? { try pool.read { try Self.parkKey($0) } }

    static func registry(parkId: String, _ db: Database) throws -> CertificateRegistry {
        var registry = CertificateRegistry(parkId: parkId)
        let ranges = try Row.fetchCursor(db, sql: """
            SELECT issue, first_serial, last_serial, owner, statement, withdrawn FROM certificate_range
            ORDER BY issue, first_serial
            """)
        var pending = try ranges.next()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM certificate_issue ORDER BY number") {
            let issue = Self.issue(row, parkId: parkId)
            var own: [CertificateRange] = []
            while let r = pending, (r[0] as Int) == issue.number {
                own.append(Self.range(r, issue: issue))
                pending = try ranges.next()
            }
            registry.restore(CertificateRegistry.Entry(
                issue: issue, ranges: own, meteredWh: row["metered_wh"], transfers: transfers(row["transferred_to"]),
                supplements: row["supplements"]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT kind, key, value FROM registry_value ORDER BY kind, key") {
            registry.restore(counter: row[0], key: row[1], value: row[2])
        }
        return registry
    }

    /// `transferred_to`: one member per line, `member<TAB>allocated Wh` (a bare member id
    /// for transfers stored before the allocated Wh was kept).
    static func transfers(_ text: String) -> [CertificateRegistry.TransferBasis] {
        text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t")
            return .init(member: String(parts[0]), allocatedWh: parts.count > 1 ? Int64(parts[1]) : nil)
        }
    }

    static func transfersText(_ transfers: [CertificateRegistry.TransferBasis]) -> String {
        transfers.map { t in t.allocatedWh.map { "\(t.member)\t\($0)" } ?? t.member }.joined(separator: "\n")
    }

    /// Writes a registry's changed issuances, its counters, statements with coverage and
    /// corrections, inside an open transaction.
    static func write(_ change: CertificateUpdate, _ db: Database) throws {
        let registry = change.registry
        // Only the issuances changed since loading are written back.
        let issue = try DirectStatement(db, sql: """
            INSERT OR REPLACE INTO certificate_issue (number, scheme, device, technology, country, region, commissioned,
                production_start, production_end, first_serial, count, unit_wh, issued_at, issuer, origin, transferred_to,
                metered_wh, supplements)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let clear = try DirectStatement(db, sql: "DELETE FROM certificate_range WHERE issue = ?")
        let range = try DirectStatement(db, sql: """
            INSERT INTO certificate_range (issue, first_serial, last_serial, owner, statement, withdrawn)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for n in registry.changed.sorted() {
            let entry = registry.issues[n], i = entry.issue
            issue.integer(1, Int64(n)); issue.text(2, i.scheme.rawValue); issue.text(3, i.device)
            issue.text(4, i.technology); issue.text(5, i.country); issue.text(6, i.region)
            issue.text(7, i.commissioned.description); issue.integer(8, i.productionStart.seconds)
            issue.integer(9, i.productionEnd.seconds); issue.integer(10, i.firstSerial); issue.integer(11, i.count)
            issue.integer(12, i.unitWh); issue.integer(13, i.issuedAt.seconds); issue.text(14, i.issuer)
            issue.text(15, i.origin); issue.text(16, transfersText(entry.transfers))
            if let metered = entry.meteredWh { issue.integer(17, metered) } else { issue.null(17) }
            if let original = entry.supplements { issue.integer(18, Int64(original)) } else { issue.null(18) }
            try issue.step()
            clear.integer(1, Int64(n))
            try clear.step()
            for r in entry.ranges {
                range.integer(1, Int64(n)); range.integer(2, r.firstSerial); range.integer(3, r.lastSerial)
                range.text(4, r.owner)
                range.null(5); range.null(6)
                switch r.status {
                case .active: break
                case .redeemed(let id): range.text(5, id)
                case .withdrawn(let id): range.text(6, id)
                }
                try range.step()
            }
        }
        // Counters and carries are few (per device, member and scheme): rewritten whole.
        try db.execute(sql: "DELETE FROM registry_value")
        let value = try db.makeStatement(sql: "INSERT INTO registry_value (kind, key, value) VALUES (?, ?, ?)")
        for (kind, key, v) in registry.counters { try value.execute(arguments: [kind.rawValue, key, v]) }
        for s in change.statements {
            try db.execute(sql: """
                INSERT INTO redemption_statement (id, beneficiary, location, period_label, period_start, period_end,
                    purpose, scheme, redeemed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.id, s.beneficiary, s.location, s.periodLabel, s.periodStart.seconds,
                                 s.periodEnd.seconds, s.purpose, s.scheme.rawValue, s.redeemedAt.seconds])
            if let c = s.coverage { try insert(c, db) }
        }
        for c in change.corrections { try insert(c, db) }
        for c in change.backfilled { try insert(c, db, ifAbsent: true) }
    }

    public func redemptionStatements(parkId: String) throws -> [RedemptionStatement] {
        try pool.read { db in
            var issues: [Int: CertificateIssue] = [:]
            var retired: [String: [CertificateRange]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.*, r.first_serial AS range_first, r.last_serial AS range_last, r.owner AS range_owner,
                    r.statement AS range_statement
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
            var coverage: [String: ClaimCoverage] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM claim_coverage") {
                let c = Self.coverage(row)
                coverage[c.statement] = c
            }
            var flags: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, flagged FROM certificate_correction WHERE flagged != '' ORDER BY seq") {
                for statement in (row["flagged"] as String).split(separator: ",") { flags[String(statement), default: []].append(row["id"]) }
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM redemption_statement ORDER BY redeemed_at, id").map { row in
                let id: String = row["id"]
                var statement = RedemptionStatement(
                    id: id, beneficiary: row["beneficiary"], location: row["location"], periodLabel: row["period_label"],
                    periodStart: Timestamp(seconds: row["period_start"]), periodEnd: Timestamp(seconds: row["period_end"]),
                    purpose: row["purpose"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec,
                    redeemedAt: Timestamp(seconds: row["redeemed_at"]), certificates: retired[id] ?? [],
                    coverage: coverage[id])
                statement.flags = flags[id] ?? []
                return statement
            }
        }
    }

    /// An issuance from its row (columns by name).
    static func issue(_ row: Row, parkId: String) -> CertificateIssue {
        CertificateIssue(
            number: row["number"], scheme: CertificateScheme(rawValue: row["scheme"]) ?? .gec, parkId: parkId,
            device: row["device"], technology: row["technology"], country: row["country"], region: row["region"],
            commissioned: CivilDate(parsing: row["commissioned"]) ?? CivilDate(year: 1970, month: 1, day: 1),
            productionStart: Timestamp(seconds: row["production_start"]),
            productionEnd: Timestamp(seconds: row["production_end"]), firstSerial: row["first_serial"],
            count: row["count"], unitWh: row["unit_wh"], issuedAt: Timestamp(seconds: row["issued_at"]),
            issuer: row["issuer"], origin: row["origin"])
    }

    /// A range from its columns: issue, first serial, last serial, owner, statement, withdrawn.
    static func range(_ row: Row, issue: CertificateIssue) -> CertificateRange {
        let statement: String? = row[4], withdrawn: String? = row[5]
        let status: CertificateRange.Status = statement.map { .redeemed(statement: $0) }
            ?? withdrawn.map { .withdrawn(correction: $0) } ?? .active
        return CertificateRange(issue: issue, firstSerial: row[1], lastSerial: row[2], owner: row[3], status: status)
    }
}
