import Foundation
import GRDB

extension SQLiteReadingStore {
    /// Every row of every table as text, tables by name and rows sorted: two stores hold
    /// the same data exactly when their contents are equal. For checks that a refused
    /// input changed nothing (the fuzzer, tests); it reads the whole store.
    public func contents() throws -> [String] {
        try pool.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var lines: [String] = []
            for table in tables {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
                lines += rows.map { row in table + "|" + row.databaseValues.map(\.description).joined(separator: "|") }
                    .sorted()
            }
            return lines
        }
    }
}
