import GreenParkCore
import Testing

@Suite("Reading a period for allocation: missing data never becomes zero")
struct PeriodDataTests {
    let park = Park(
        settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
        members: [Member(id: "a", name: "A", meters: ["a1", "a2"]), Member(id: "b", name: "B", meters: ["b1"])],
        generators: [Generator(id: "g", name: "G", technology: .wind, capacityKW: Fixed6(100),
                               commissioned: CivilDate(year: 2023, month: 1, day: 1), registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")])
    let day = CivilDate(year: 2023, month: 6, day: 1).daysSinceEpoch

    func store(missing: [(String, Int)] = []) throws -> InMemoryReadingStore {
        let store = InMemoryReadingStore()
        try store.write { transaction in
            for meter in ["a1", "a2", "b1", "g1"] {
                var block = DayBlock(meter: meter, day: day, resolution: .quarterHour)
                for k in 0..<4 where !missing.contains(where: { $0 == (meter, k) }) {
                    block.energyWh[k] = Int64(10 * (k + 1))
                    block.quality[k] = .measured
                }
                try transaction.put(block)
            }
        }
        return store
    }

    var from: Timestamp { Timestamp(CivilDate(year: 2023, month: 6, day: 1)) }
    var to: Timestamp { from.adding(seconds: 3600) }

    @Test("a member's load is the sum of its meters")
    func sums() throws {
        let data = try PeriodData.load(park: park, store: try store(), from: from, to: to)
        // interval k: a1 = a2 = b1 = g1 = 10(k+1): a = 20(k+1), b = 10(k+1)
        #expect(data.problem.consumption == [20, 10, 40, 20, 60, 30, 80, 40])
        #expect(data.problem.generation == [10, 20, 30, 40])
        #expect(data.gaps.isEmpty)
    }

    @Test("a gap fails the run by default, listing meter and range")
    func failByDefault() throws {
        var data = try PeriodData.load(park: park, store: try store(missing: [("a2", 1), ("a2", 2), ("g1", 3)]), from: from, to: to)
        #expect(data.gapIntervals == 3)
        #expect(data.gaps.map(\.meter) == ["a2", "g1"])
        #expect(data.gaps[0].intervals == 2)
        #expect(throws: MissingData.self) { try data.apply(.fail) }
    }

    @Test("skip-interval excludes those intervals for everyone")
    func skipInterval() throws {
        var data = try PeriodData.load(park: park, store: try store(missing: [("b1", 2)]), from: from, to: to)
        try data.apply(.skipInterval)
        #expect(data.problem.excluded == [false, false, true, false])
        let outcome = try AllocationEngine(rule: AllocationRule(key: .proRata, memberCount: 2, generatorCount: 1)).run(data.problem)
        #expect(outcome.allocated[4] == 0 && outcome.allocated[5] == 0) // interval 2 allocates nothing
        #expect(outcome.allocated[0] + outcome.allocated[1] == 10)
    }

    @Test("the period must lie on the park's grid")
    func grid() throws {
        #expect(throws: AllocationSetupError.self) {
            try PeriodData.load(park: park, store: try store(), from: from.adding(seconds: 60), to: to)
        }
    }
}
