import GRDB
import GRDBSQLite

/// An INSERT bound through SQLite's C API directly: for tables that take hundreds of
/// thousands of rows per command (ledger entries, certificate ranges), where binding
/// GRDB's argument arrays row by row costs more than the insert.
struct DirectStatement {
    /// Kept alive: it owns (and finalizes) the SQLite statement.
    private let owner: Statement
    private let statement: SQLiteStatement
    private let db: Database
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        self.db = db
        owner = try db.makeStatement(sql: sql)
        statement = owner.sqliteStatement
    }

    func text(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { _ = sqlite3_bind_text(statement, index, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), Self.transient) }
    }

    func integer(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }

    func blob(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
    }

    func null(_ index: Int32) { sqlite3_bind_null(statement, index) }

    /// Runs the statement with the values bound, then clears it for the next row.
    func step() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
