import GRDB
import GRDBSQLite

/// A SELECT read through SQLite's C API directly: for tables read in full (the ledger, a
/// million entries and more), where decoding GRDB rows costs more than the read.
struct DirectCursor {
    /// Kept alive: it owns (and finalizes) the SQLite statement.
    private let owner: Statement
    private let statement: SQLiteStatement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        owner = try db.makeStatement(sql: sql)
        statement = owner.sqliteStatement
    }

    /// Moves to the next row; false after the last one.
    func next() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return false
    }

    /// Column `index` (from 0) of the current row as an integer.
    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// Column `index` of the current row as text (empty for NULL).
    func text(_ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` of the current row as bytes (empty for NULL).
    func bytes(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let base = sqlite3_column_blob(statement, index) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: base, count: count))
    }
}
