import Foundation
import GRDB
import GreenParkCore
@testable import GreenParkStore
import Testing

@Suite("Stored settlements: versions, documents numbered without gaps, nothing final edited")
struct SettlementStoreTests {
    func store() throws -> SQLiteSettlementStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return SQLiteSettlementStore(database: try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path))
    }

    func bill(_ member: String, _ fen: Int64) -> Settlement.Bill {
        let line = Settlement.Line(kind: .grid, item: "flat", energyWh: fen * 10, priceFenPerKWh: Fixed6(100),
                                   amountFen: fen)
        return Settlement.Bill(member: member, lines: [line], vatFen: 0)
    }

    func statement(_ generator: String, _ fen: Int64) -> Settlement.Statement {
        let line = Settlement.Line(kind: .export, item: "grid", energyWh: fen, priceFenPerKWh: Fixed6(1000),
                                   amountFen: fen)
        return Settlement.Statement(generator: generator, lines: [line])
    }

    func save(_ store: SQLiteSettlementStore, _ month: String, _ revision: SettlementRevision) throws -> StoredSettlement {
        try store.saveFinal(month: month, year: 2023, parkId: "p", revision: revision, snapshot: "{}", result: "{}",
                            at: Timestamp(seconds: 0))
    }

    @Test("a correction: credit note and replacing invoice for the changed member only, in the same gapless sequence")
    func correction() throws {
        let store = try store()
        let v1 = [bill("a", 100), bill("b", 200)], s1 = [statement("pv", 5), statement("wind", 7)]
        let first = try save(store, "2023-06", SettlementRevision(previous: nil, bills: v1, statements: s1))
        #expect(first.version == 1)
        #expect(first.documents.map(\.number) == ["p-2023-00001", "p-2023-00002", "2023-06-pv", "2023-06-wind"])
        // Another month numbers on: 00003.
        _ = try save(store, "2023-07", SettlementRevision(previous: nil, bills: [bill("a", 1)], statements: []))
        let v2 = [bill("a", 150), bill("b", 200)], s2 = [statement("pv", 6), statement("wind", 7)]
        let second = try save(store, "2023-06", SettlementRevision(previous: (v1, s1), bills: v2, statements: s2))
        #expect(second.version == 2)
        #expect(second.documents == [
            SettlementDocument(number: "p-2023-00004", kind: .creditNote, party: "a", cancels: "p-2023-00001",
                               replaces: nil),
            SettlementDocument(number: "p-2023-00005", kind: .invoice, party: "a", cancels: nil,
                               replaces: "p-2023-00001"),
            SettlementDocument(number: "2023-06-pv-v2", kind: .statement, party: "pv", cancels: nil,
                               replaces: "2023-06-pv"),
        ])
        let current = try store.currentSettlementDocuments(month: "2023-06")
        #expect(current.invoices == ["a": "p-2023-00005", "b": "p-2023-00002"])
        #expect(current.statements == ["pv": "2023-06-pv-v2", "wind": "2023-06-wind"])
        // A third version corrects the replacement, not the cancelled original.
        let v3 = [bill("a", 120), bill("b", 200)]
        let third = try save(store, "2023-06", SettlementRevision(previous: (v2, s2), bills: v3, statements: s2))
        #expect(third.documents.map { $0.cancels ?? $0.replaces ?? "" } == ["p-2023-00005", "p-2023-00005"])
        #expect(try store.finalSettlements(month: "2023-06").map { $0.documents.count } == [4, 3, 2])
        let seqs = try store.pool.read {
            try Int.fetchAll($0, sql: "SELECT seq FROM invoice WHERE year = 2023 ORDER BY seq")
        }
        #expect(seqs == Array(1...7))
        // Nothing issued is ever edited or deleted, and an invoice is cancelled once.
        let again = """
            INSERT INTO invoice (number, year, seq, run_id, member, kind, cancels)
            VALUES ('x', 2023, 99, \(first.id), 'a', 'credit-note', 'p-2023-00001')
            """
        for sql in ["UPDATE settlement_statement SET replaces = NULL", "DELETE FROM settlement_statement",
                    "UPDATE invoice SET cancels = NULL", again] {
            #expect(throws: DatabaseError.self) { try store.pool.write { try $0.execute(sql: sql) } }
        }
    }

    @Test("runs stored before v6 (no statement rows) name their statements <month>-<generator>")
    func legacy() throws {
        let store = try store()
        try store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO settlement_run (month, version, status, created_at, snapshot, result)
                VALUES ('2023-05', 1, 'final', 0, '{}', ?)
                """, arguments: ["{\"members\": [], \"generators\": [{\"id\": \"pv\", \"lines\": []}]}"])
        }
        #expect(try store.currentSettlementDocuments(month: "2023-05").statements == ["pv": "2023-05-pv"])
    }
}
