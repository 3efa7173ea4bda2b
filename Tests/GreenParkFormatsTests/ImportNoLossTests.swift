import Foundation
import GreenParkCore
@testable import GreenParkFormats
import GreenParkStore
import Testing

@Suite("Readings import: bad input loses nothing")
struct ImportNoLossTests {
    typealias F = ImportFixtures
    let header = "meter_id,interval_start,energy_wh\n"

    func stores() throws -> [any ReadingStore] {
        [InMemoryReadingStore(), try SQLiteReadingStore(path: try F.directory().appendingPathComponent("s.sqlite").path)]
    }

    @Test("a file with one bad row is rejected whole and the store is exactly as before")
    func rejectWhole() throws {
        for store in try stores() {
            try F.importText(header + "a1,2023-01-01T00:00:00Z,1\n", into: store)
            let before = try F.snapshot(store)
            var text = header
            for i in 0..<2000 { text += "b1,\(Timestamp(seconds: 1_672_531_200 + Int64(i) * 900)),5\n" }
            text += "b1,2023-02-01T00:00:00Z,-1\n"
            #expect(F.rejection(text, into: store) != nil)
            #expect(try F.snapshot(store) == before)
        }
    }

    @Test("importing the same file again is a no-op; a corrected file after a failure works")
    func reimport() throws {
        for store in try stores() {
            let path = try F.file(header + "a1,2023-01-01T00:00:00Z,1\na1,2023-01-01T00:15:00Z,2\n")
            let importer = ReadingsImporter(park: F.park, store: store)
            let first = try importer.importFile(at: path, options: F.options())
            #expect(first.alreadyImported == nil)
            let snapshot = try F.snapshot(store)
            let second = try importer.importFile(at: path, options: F.options())
            #expect(second.alreadyImported?.id == first.importId)
            #expect(try F.snapshot(store) == snapshot)

            let bad = header + "b1,2023-01-01T00:00:00Z,x\n"
            #expect(F.rejection(bad, into: store) != nil)
            let fixed = try F.importText(header + "b1,2023-01-01T00:00:00Z,3\n", into: store)
            #expect(fixed.statistics.added == 1)
            #expect(try store.imports().count == 2)
        }
    }

    @Test("a value that differs from the stored one is refused unless --replace; the old value is kept")
    func corrections() throws {
        for store in try stores() {
            try F.importText(header + "a1,2023-01-01T00:00:00Z,10\n", into: store)
            let rejected = F.rejection(header + "a1,2023-01-01T00:00:00Z,12\n", into: store)
            #expect(rejected?.issues.first?.code == "readings.conflict-stored")
            #expect(rejected?.issues.first?.reason.contains("--replace") == true)
            let report = try F.importText(header + "a1,2023-01-01T00:00:00Z,12\n", into: store, options: F.options { $0.replace = true })
            #expect(report.statistics.replaced == 1)
            #expect(try F.stored(store, "a1").map(\.1) == [12])
            let revision = try #require(try store.revisions().first)
            #expect((revision.oldEnergyWh, revision.newEnergyWh, revision.importId) == (10, 12, report.importId))
        }
    }

    @Test("a throw just before commit rolls the whole import back")
    func failureBeforeCommit() throws {
        struct Boom: Error {}
        for store in try stores() {
            let before = try F.snapshot(store)
            #expect(throws: Boom.self) {
                try F.importText(header + "a1,2023-01-01T00:00:00Z,1\n", into: store, options: F.options { $0.beforeCommit = { throw Boom() } })
            }
            #expect(try F.snapshot(store) == before)
        }
    }

    @Test("a store of another park or resolution is refused")
    func identity() throws {
        let store = try SQLiteReadingStore(path: try F.directory().appendingPathComponent("s.sqlite").path)
        try F.importText(header + "a1,2023-01-01T00:00:00Z,1\n", into: store)
        var other = F.park
        other.settings.resolution = Resolution(minutes: 30)!
        #expect(throws: StoreMismatch.self) {
            try F.importText(header + "a1,2023-01-01T00:00:00Z,1\n", into: store, park: other)
        }
    }
}
