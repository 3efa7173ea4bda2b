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
            var head = try Self.head(db)
            var appended = 0
            func seal(_ events: [LedgerEvent]) throws {
                let entries = try appender.append(events, at: time, after: &head)
                try Self.appendLedger(entries, db)
                appended += entries.count
            }
            var change = CertificateUpdate(
                registry: try Self.registry(parkId: parkId, db),
                coverage: { member, from, to in try Self.coverage(member: member, from: from, to: to, db) },
                flushEvery: 16 * appender.blockLimit, flush: seal)
            let value = try body(&change)
            for (from, to) in change.checked {
                try db.execute(sql: "INSERT INTO certificate_check (period_from, period_to, at) VALUES (?, ?, ?)",
                               arguments: [from.seconds, to.seconds, time.seconds])
            }
            try seal(change.events)
            try Self.write(change, db)
            return (value, appended)
        }
    }

    /// Stores a registry's changes with ledger entries sealed by the caller, in one
    /// transaction (benchmarks; commands use ``update(parkId:sealingWith:at:_:)``).
    public func commit(_ registry: inout CertificateRegistry, statements: [RedemptionStatement],
                       ledger: [LedgerEntry]) throws {
        var change = CertificateUpdate(registry: registry, coverage: { _, _, _ in [] })
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
            SELECT issue, first_serial, last_serial, owner, statement, withdrawn, cancelled FROM certificate_range
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
                metered_wh, supplements, storage)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let clear = try DirectStatement(db, sql: "DELETE FROM certificate_range WHERE issue = ?")
        let range = try DirectStatement(db, sql: """
            INSERT INTO certificate_range (issue, first_serial, last_serial, owner, statement, withdrawn, cancelled)
            VALUES (?, ?, ?, ?, ?, ?, ?)
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
            if let storage = i.storage { issue.text(19, storage.storedText) } else { issue.null(19) }
            try issue.step()
            clear.integer(1, Int64(n))
            try clear.step()
            for r in entry.ranges {
                range.integer(1, Int64(n)); range.integer(2, r.firstSerial); range.integer(3, r.lastSerial)
                range.text(4, r.owner)
                range.null(5); range.null(6); range.null(7)
                switch r.status {
                case .active: break
                case .redeemed(let id): range.text(5, id)
                case .withdrawn(let id): range.text(6, id)
                case .cancelled(let record): range.text(7, record)
                }
                try range.step()
            }
        }
        // Counters and carries are few (per device, member and scheme): rewritten whole. The storage
        // records' (one per record and hour, written once, never changed) are only added.
        let once: Set<CertificateRegistry.Counter> = [.storageCharged, .storageEfficiency]
        try db.execute(sql: "DELETE FROM registry_value WHERE kind NOT IN (?, ?)",
                       arguments: [CertificateRegistry.Counter.storageCharged.rawValue,
                                   CertificateRegistry.Counter.storageEfficiency.rawValue])
        let value = try db.makeStatement(sql: "INSERT INTO registry_value (kind, key, value) VALUES (?, ?, ?)")
        let added = try db.makeStatement(sql: "INSERT OR IGNORE INTO registry_value (kind, key, value) VALUES (?, ?, ?)")
        for (kind, key, v) in registry.counters {
            try (once.contains(kind) ? added : value).execute(arguments: [kind.rawValue, key, v])
        }
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

    public func forEachRedemptionStatement(parkId: String, overlapping period: (from: Timestamp, to: Timestamp)?,
                                           withoutCoverageOnly: Bool,
                                           _ body: (RedemptionStatement) throws -> Void) throws {
        try forEachStatement(parkId: parkId, overlapping: period, withoutCoverageOnly: withoutCoverageOnly,
                             beneficiary: nil, body)
    }

    public func redemptionStatements(parkId: String, beneficiary: String,
                                     overlapping period: (from: Timestamp, to: Timestamp))
        throws -> [RedemptionStatement] {
        var statements: [RedemptionStatement] = []
        try forEachStatement(parkId: parkId, overlapping: period, withoutCoverageOnly: false,
                             beneficiary: beneficiary) { statements.append($0) }
        return statements
    }

    /// Statements as ``forEachRedemptionStatement(parkId:overlapping:withoutCoverageOnly:_:)``;
    /// with a `beneficiary`, only its own.
    func forEachStatement(parkId: String, overlapping period: (from: Timestamp, to: Timestamp)?,
                          withoutCoverageOnly: Bool, beneficiary: String?,
                          _ body: (RedemptionStatement) throws -> Void) throws {
        try pool.read { db in
            var sql = "SELECT id, beneficiary, location, period_label, period_start, period_end, purpose, scheme, "
                + "redeemed_at FROM redemption_statement"
            var arguments: StatementArguments = []
            var conditions: [String] = []
            if let beneficiary {
                conditions.append("beneficiary = ?")
                arguments += [beneficiary]
            }
            if let period {
                conditions.append("period_end > ? AND period_start < ?")
                arguments += [period.from.seconds, period.to.seconds]
            }
            if withoutCoverageOnly {
                conditions.append("NOT EXISTS (SELECT 1 FROM claim_coverage c WHERE c.statement = redemption_statement.id)")
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            let headers = try Row.fetchAll(db, sql: sql + " ORDER BY redeemed_at, id", arguments: arguments).map { row in
                RedemptionStatement(
                    id: row[0], beneficiary: row[1], location: row[2], periodLabel: row[3],
                    periodStart: Timestamp(seconds: row[4]), periodEnd: Timestamp(seconds: row[5]), purpose: row[6],
                    scheme: CertificateScheme(rawValue: row[7]) ?? .gec, redeemedAt: Timestamp(seconds: row[8]),
                    certificates: [])
            }
            guard !headers.isEmpty else { return }
            var flags: [String: [String]] = [:]
            let flagged = "SELECT id, flagged FROM certificate_correction WHERE flagged != '' ORDER BY seq"
            for row in try Row.fetchAll(db, sql: flagged) {
                for statement in (row[1] as String).split(separator: ",") { flags[String(statement), default: []].append(row[0]) }
            }
            // Issuances are shared by the statements' ranges: each is read once.
            var issues = IssueCache(parkId: parkId)
            let ranges = try db.makeStatement(sql: """
                SELECT issue, first_serial, last_serial, owner FROM certificate_range
                WHERE statement = ? ORDER BY issue, first_serial
                """)
            let coverage = try db.makeStatement(sql: "SELECT * FROM claim_coverage WHERE member = ? AND statement = ?")
            for var statement in headers {
                let cursor = try Row.fetchCursor(ranges, arguments: [statement.id])
                while let row = try cursor.next() {
                    guard let issue = try issues.issue(row[0], db) else { continue }
                    statement.certificates.append(CertificateRange(
                        issue: issue, firstSerial: row[1], lastSerial: row[2], owner: row[3],
                        status: .redeemed(statement: statement.id)))
                }
                statement.coverage = try Row.fetchOne(coverage, arguments: [statement.beneficiary, statement.id])
                    .map(Self.coverage)
                statement.flags = flags[statement.id] ?? []
                try body(statement)
            }
        }
    }

    public func forEachRange(parkId: String, producedFrom from: Timestamp, to: Timestamp, schemes: Set<CertificateScheme>,
                             _ body: ([CertificateRange]) throws -> Void) throws {
        try pool.read { db in
            let issued = try Row.fetchAll(db, sql: """
                SELECT * FROM certificate_issue WHERE production_start >= ? AND production_end <= ? ORDER BY number
                """, arguments: [from.seconds, to.seconds])
            let ranges = try db.makeStatement(sql: """
                SELECT issue, first_serial, last_serial, owner, statement, withdrawn, cancelled FROM certificate_range
                WHERE issue = ? ORDER BY first_serial
                """)
            var batch: [CertificateRange] = []
            for row in issued {
                let issue = Self.issue(row, parkId: parkId)
                guard schemes.contains(issue.scheme) else { continue }
                let cursor = try Row.fetchCursor(ranges, arguments: [issue.number])
                while let r = try cursor.next() { batch.append(Self.range(r, issue: issue)) }
                if batch.count >= 8192 {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    static let redeemedVolumesSQL = """
        SELECT s.beneficiary, SUM((r.last_serial - r.first_serial + 1) * i.unit_wh)
        FROM certificate_issue i CROSS JOIN certificate_range r ON r.issue = i.number
        JOIN redemption_statement s ON s.id = r.statement
        WHERE r.statement IS NOT NULL AND i.production_start >= ? AND i.production_end <= ?
        GROUP BY s.beneficiary
        """

    /// Driven from the period's issuances (CROSS JOIN keeps them outside): led by the index of
    /// redeemed ranges instead, SQLite visited every redeemed range of the park's history (13 s
    /// for one month of a 300-member park-year, 0.3 s this way).
    public func redeemedVolumes(producedFrom from: Timestamp, to: Timestamp) throws -> [String: Int64] {
        try pool.read { db in
            var volumes: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: Self.redeemedVolumesSQL, arguments: [from.seconds, to.seconds]) {
                volumes[row[0]] = row[1]
            }
            return volumes
        }
    }

    public func storageEfficiencies(parkId: String) throws -> [String: Fixed6] {
        try pool.read { db in
            var out: [String: Fixed6] = [:]
            let kind = CertificateRegistry.Counter.storageEfficiency.rawValue
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM registry_value WHERE kind = ?",
                                        arguments: [kind]) {
                out[row[0]] = Fixed6(millionths: row[1])
            }
            return out
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
            issuer: row["issuer"], origin: row["origin"],
            storage: (row["storage"] as String?).flatMap(StorageRelease.init(storedText:)))
    }

    /// A range from its columns: issue, first serial, last serial, owner, statement, withdrawn, cancelled.
    static func range(_ row: Row, issue: CertificateIssue) -> CertificateRange {
        let statement: String? = row[4], withdrawn: String? = row[5], cancelled: String? = row[6]
        let status: CertificateRange.Status = statement.map { .redeemed(statement: $0) }
            ?? withdrawn.map { .withdrawn(correction: $0) } ?? cancelled.map { .cancelled(storageRecord: $0) }
            ?? .active
        return CertificateRange(issue: issue, firstSerial: row[1], lastSerial: row[2], owner: row[3], status: status)
    }
}
