import GRDB
import GreenParkCore

/// The VTN's OpenADR 3 objects in a park's SQLite store (table `openadr_object`, migration
/// "v12: openadr"): the JSON body, and the columns searches filter on.
public final class SQLiteDemandResponseStore: DemandResponseStore {
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) { self.database = database }

    public func insert(_ record: DemandResponseRecord) throws -> Bool {
        try database.exclusive { db in
            guard try !Self.taken(db, record, other: false) else { return false }
            try db.execute(sql: """
                INSERT INTO openadr_object (kind, id, program_id, event_id, owner, client_name, name, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: Self.arguments(record))
            return true
        }
    }

    public func replace(_ record: DemandResponseRecord) throws -> Bool {
        try database.exclusive { db in
            guard try !Self.taken(db, record, other: true) else { return false }
            try db.execute(sql: """
                UPDATE openadr_object SET program_id = ?, event_id = ?, owner = ?, client_name = ?, name = ?, body = ?
                WHERE kind = ? AND id = ?
                """, arguments: [record.programID, record.eventID, record.owner, record.clientName, record.name,
                                 String(decoding: record.body, as: UTF8.self), record.kind.rawValue, record.id])
            return db.changesCount == 1
        }
    }

    public func remove(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord? {
        try database.exclusive { db in
            guard let found = try Self.fetch(db, "kind = ? AND id = ?", [kind.rawValue, id]).first else { return nil }
            try db.execute(sql: "DELETE FROM openadr_object WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            return found
        }
    }

    public func record(kind: DemandResponseKind, id: String) throws -> DemandResponseRecord? {
        try database.pool.read { db in try Self.fetch(db, "kind = ? AND id = ?", [kind.rawValue, id]).first }
    }

    public func records(_ query: DemandResponseQuery) throws -> [DemandResponseRecord] {
        var conditions = ["kind = ?"]
        var values: [(any DatabaseValueConvertible)?] = [query.kind.rawValue]
        for (column, value) in [("program_id", query.programID), ("event_id", query.eventID),
                                ("client_name", query.clientName), ("name", query.name)] {
            if let value {
                conditions.append("\(column) = ?")
                values.append(value)
            }
        }
        if let owner = query.owner {
            if let owner {
                conditions.append("owner = ?")
                values.append(owner)
            } else {
                conditions.append("owner IS NULL")
            }
        }
        let page = " LIMIT \(query.limit ?? -1) OFFSET \(query.skip)"
        return try database.pool.read { db in
            try Self.fetch(db, conditions.joined(separator: " AND ") + " ORDER BY seq" + page,
                           StatementArguments(values))
        }
    }

    /// Whether another object of the record's kind has its id (on insert) or its name.
    private static func taken(_ db: Database, _ record: DemandResponseRecord, other: Bool) throws -> Bool {
        if !other, try Bool.fetchOne(db, sql: "SELECT 1 FROM openadr_object WHERE kind = ? AND id = ?",
                                     arguments: [record.kind.rawValue, record.id]) == true { return true }
        guard let name = record.name else { return false }
        return try Bool.fetchOne(db, sql: "SELECT 1 FROM openadr_object WHERE kind = ? AND name = ? AND id != ?",
                                 arguments: [record.kind.rawValue, name, record.id]) == true
    }

    private static func arguments(_ record: DemandResponseRecord) -> StatementArguments {
        [record.kind.rawValue, record.id, record.programID, record.eventID, record.owner, record.clientName,
         record.name, String(decoding: record.body, as: UTF8.self)]
    }

    private static func fetch(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws
        -> [DemandResponseRecord] {
        try Row.fetchAll(db, sql: """
            SELECT kind, id, program_id, event_id, owner, client_name, name, body
            FROM openadr_object WHERE \(condition)
            """, arguments: arguments).map { row in
            DemandResponseRecord(kind: DemandResponseKind(rawValue: row[0]) ?? .program, id: row[1], programID: row[2],
                                 eventID: row[3], owner: row[4], clientName: row[5], name: row[6],
                                 body: Array((row[7] as String).utf8))
        }
    }
}
