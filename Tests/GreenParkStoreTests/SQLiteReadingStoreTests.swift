import Foundation
import GRDB
import GreenParkCore
@testable import GreenParkStore
import Testing

@Suite("SQLite store")
struct SQLiteReadingStoreTests {
    func store() throws -> SQLiteReadingStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteReadingStore(path: dir.appendingPathComponent("park.sqlite").path)
    }

    @Test("WAL mode and the migrated schema")
    func schema() throws {
        let store = try store()
        let mode = try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try store.pool.read { try StoreSchema.migrator.appliedMigrations($0) }
        #expect(applied == ["v1: readings", "v2: allocations", "v3: ledger", "v4: certificates", "v5: settlement",
                            "v6: settlement corrections", "v7: claim coverage and corrections", "v8: ranges by statement",
                            "v9: ledger parties", "v10: users and grants", "v11: meter telemetry",
                            "v12: openadr", "v13: storage certificates"])
    }

    @Test("day blocks round-trip exactly, including extreme values and every quality")
    func roundTrip() throws {
        let store = try store()
        var block = DayBlock(meter: "m1", day: 19_358, resolution: .quarterHour)
        block.energyWh[0] = Int64.max
        block.energyWh[1] = 0
        block.energyWh[95] = 123_456_789
        for (i, q) in Quality.allCases.enumerated() { block.quality[i] = q }
        block.quality[95] = .measured
        try store.write { try $0.put(block) }
        #expect(try store.days(meter: "m1", in: 19_358..<19_359) == [block])
        #expect(try store.days(meter: "m1", in: 19_359..<19_400).isEmpty)
        #expect(try store.meterSpans() == [MeterSpan(meter: "m1", firstDay: 19_358, lastDay: 19_358, dayCount: 1)])
    }

    @Test("a throwing write leaves nothing behind")
    func rollback() throws {
        struct Stop: Error {}
        let store = try store()
        #expect(throws: Stop.self) {
            try store.write { transaction in
                try transaction.put(DayBlock(meter: "m1", day: 1, resolution: .quarterHour))
                _ = try transaction.add(ImportRecord(fileName: "f", sha256: "x", format: "long", importedAt: Timestamp(seconds: 0), rows: 1, added: 1, replaced: 0, unchanged: 0, estimated: 0, options: ""))
                throw Stop()
            }
        }
        #expect(try store.meterSpans().isEmpty)
        #expect(try store.imports().isEmpty)
    }

    @Test("the import log refuses the same file digest twice")
    func uniqueDigest() throws {
        let store = try store()
        let record = ImportRecord(fileName: "f", sha256: "abc", format: "long", importedAt: Timestamp(seconds: 5), rows: 1, added: 1, replaced: 0, unchanged: 0, estimated: 0, options: "")
        try store.write { _ = try $0.add(record) }
        #expect(try store.write { try $0.importRecord(sha256: "abc") }?.importedAt == Timestamp(seconds: 5))
        #expect(throws: (any Error).self) { try store.write { _ = try $0.add(record) } }
    }
}

@Suite("SQLite store: allocation results")
struct SQLiteAllocationTests {
    @Test("the same period with the same inputs is unchanged; other inputs replace it")
    func idempotent() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-alloc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = SQLiteAllocationStore(database: try SQLiteDatabase(path: dir.appendingPathComponent("p.sqlite").path))
        let park = Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
                        members: [Member(id: "a", name: "A", meters: ["a1"])],
                        generators: [Generator(id: "g", name: "G", technology: .wind, capacityKW: Fixed6(1), commissioned: CivilDate(year: 2023, month: 1, day: 1), registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")])
        let outcome = AllocationOutcome(memberCount: 1, generatorCount: 1, intervalCount: 2, allocated: [3, 4], bySource: [], surplus: [0, 1])
        func record(_ digest: String) -> AllocationRecord {
            AllocationRecord(from: Timestamp(seconds: 0), to: Timestamp(seconds: 1800), key: "pro-rata", gapPolicy: "fail",
                             intervals: 2, skippedIntervals: 0, createdAt: Timestamp(seconds: 5), inputDigest: digest)
        }
        #expect(try store.saveAllocation(record("x"), outcome: outcome, park: park) == .stored(id: 1))
        #expect(try store.saveAllocation(record("x"), outcome: outcome, park: park) == .unchanged(id: 1))
        #expect(try store.saveAllocation(record("y"), outcome: outcome, park: park) == .replaced(id: 2, previous: 1))
        #expect(try store.allocationRuns().map(\.id) == [2])
        let series = try store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM allocation_series") }
        #expect(series == 1)
    }
}
