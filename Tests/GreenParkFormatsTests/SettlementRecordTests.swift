import Foundation
import GreenParkCore
@testable import GreenParkFormats
import GreenParkOptimization
import Testing

@Suite("Settlement files: stored versions read back exactly; shared costs month by month; the orders budget")
struct SettlementRecordTests {
    static let day = CivilDate(year: 2023, month: 1, day: 1)
    let park = Park(
        settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
        members: [Member(id: "a", name: "A \"quoted\"", meters: ["a1"]), Member(id: "b", name: "B", meters: ["b1"])],
        generators: [Generator(id: "g", name: "G", technology: .solarPV, capacityKW: Fixed6(100), commissioned: day,
                               registered: day, meter: "g1")],
        sharedCosts: [SharedCost(id: "lines", name: "Lines", annualCostFen: 876_000_000, method: .shapley),
                      SharedCost(id: "platform", name: "Platform", annualCostFen: 876_000_000, method: .shapleySampled,
                                 orders: 40)])
    let local = LocalTime(identifier: "Asia/Shanghai")!
    let hour = Resolution(minutes: 60)!

    /// Hours from 2023-06-30 22:00 to 2023-07-01 02:00 local (four hours, two billing months).
    func data() -> (PeriodData, AllocationOutcome) {
        let from = local.startOfDay(CivilDate(year: 2023, month: 6, day: 30)).adding(seconds: 22 * 3600)
        let consumption: [Int64] = [100, 300, 200, 100, 50, 250, 400, 0]
        let problem = AllocationProblem(memberCount: 2, generatorCount: 1, intervalCount: 4, consumption: consumption,
                                        generation: [300, 250, 200, 500])
        let outcome = AllocationOutcome(memberCount: 2, generatorCount: 1, intervalCount: 4,
                                        allocated: [75, 225, 200, 0, 50, 200, 400, 0], bySource: [],
                                        surplus: [0, 50, 0, 100])
        return (PeriodData(from: from, to: from.adding(seconds: 4 * 3600), resolution: hour, problem: problem), outcome)
    }

    @Test("a stored settlement's bills and statements are read back exactly (prices never through a Double)")
    func readBack() throws {
        let (data, outcome) = data()
        let settings = SettlementSettings(tariff: "t", ppa: ["g": Fixed6(millionths: 1)],
                                          exportPrice: Fixed6(millionths: 38_500_001), capacityChargeFen: 1000)
        let window = Tariff.Window(startMinute: 0, endMinute: 1440, period: "flat")
        let tariff = Tariff(id: "t", name: "T", province: "P", version: "1", source: "s",
                            prices: ["flat": Fixed6(millionths: 123_456_789)],
                            seasons: [Tariff.Season(months: Set(1...12), windows: [window])])
        let settlement = Settlement(park: park, settings: settings, tariff: tariff, data: data, outcome: outcome,
                                    touPeriod: Array(repeating: "flat", count: 4), sharedIDs: ["lines"],
                                    shared: [[-3, 3]])
        let json = SettlementWriter(park: park, settlement: settlement, month: "m", tariff: tariff, settings: settings)
            .json()
        #expect(json.contains("\"price_fen_per_kwh\": 0.000001"))
        let parts = try #require(SettlementWriter.parts(of: json))
        #expect(parts.bills == settlement.bills && parts.statements == settlement.statements)
        #expect(SettlementWriter.parts(of: "{\"members\": [{\"id\": \"a\"}]}") == nil)
        let parsed = StoredJSON.parse("{\"a\": \"\\u00e9\\n\", \"b\": [1, -2.5e3, true, null]} ")
        let values: [StoredJSON] = [.number("1"), .number("-2.5e3"), .bool(true), .null]
        #expect(parsed == .object(["a": .string("é\n"), "b": .array(values)]))
    }

    @Test("shared costs: one game per billing month, on that month's intervals; the months sum to the period's cost")
    func monthly() {
        let (data, outcome) = data()
        let months = SharedCostReport.monthly(park: park, data: data, outcome: outcome, local: local)
        // 876,000,000 fen a year is 100,000 fen an hour: June gets 2 hours, July 2.
        let june = "2023-06-30T14:00:00Z to 2023-06-30T16:00:00Z", july = "2023-06-30T16:00:00Z to 2023-06-30T18:00:00Z"
        #expect(months.map(\.month) == [june, july])
        #expect(months.map { $0.items[0].periodCostFen } == [200_000, 200_000])
        // June's game: peak(a) = max(min(300, 100), min(250, 200)) = 200,
        // peak(b) = max(min(300, 300), min(250, 100)) = 300, peak(ab) = max(min(300, 400), min(250, 300)) = 300:
        // phi_a = 200 / 2 + (300 - 300) / 2 = 100, phi_b = 300 / 2 + (300 - 200) / 2 = 200,
        // so 200,000 x 1/3 = 66,666.67 -> 66,667 (the larger remainder) and 133,333.
        #expect(months[0].items[0].split.amounts == [66_667, 133_333])
        // Each month's split is the split of that month alone.
        let alone = PeriodData(from: data.from, to: data.from.adding(seconds: 7200), resolution: hour,
                               problem: AllocationProblem(memberCount: 2, generatorCount: 1, intervalCount: 2,
                                                          consumption: Array(data.problem.consumption[0..<4]),
                                                          generation: [300, 250]))
        let report = SharedCostReport(park: park, data: alone, outcome: outcome, local: local, month: "june")
        #expect(report.items.map { $0.split } == months[0].items.map { $0.split })
        let totals = SharedCostReport.totals(months)
        #expect(totals.map(\.costFen) == [400_000, 400_000] && totals.allSatisfy { $0.amounts.reduce(0, +) == 400_000 })
        let csv = SharedCostReport.csv(months)
        #expect(csv.hasPrefix(SharedCostReport.header + "\n\(june),lines,a,shapley,66667,,exact over 4 coalitions"))
        // The sampled item states its budget.
        #expect(csv.contains(",platform,a,shapley-sampled,"))
        #expect(csv.contains("40 sampled orders (20 antithetic pairs from seed"))
        #expect(SharedCostReport.field("x, y") == "\"x, y\"")
        #expect(SharedCostReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test("the park file's orders: an even budget for shapley-sampled only")
    func orders() throws {
        func yaml(_ item: String) -> String {
            ParkYAML.minimal + "shared_costs:\n  - {id: s, name: S, annual_cost_fen: 100, \(item)}\n"
        }
        let park = try ParkFile.parse(yaml: yaml("method: shapley-sampled, orders: 2000"), fileName: "park.yaml").park
        #expect(park.sharedCosts[0].orders == 2000)
        let byDefault = try ParkFile.parse(yaml: yaml("method: shapley-sampled"), fileName: "park.yaml").park
        #expect(byDefault.sharedCosts[0].orders == ShapleyCostSplit.defaultOrders)
        let odd = try #require(ParkYAML.rejection(yaml("method: shapley-sampled, orders: 2001")))
        #expect(odd.issues.contains { $0.reason.contains("an even number from 4 to 10,000,000") })
        let exact = try #require(ParkYAML.rejection(yaml("method: shapley, orders: 2000")))
        #expect(exact.issues.contains { $0.reason.contains("orders is the budget of shapley-sampled") })
    }

    @Test("least-core: up to 16 members (the LP on Clp); 17 are refused with the limit and the way out")
    func leastCoreMembers() throws {
        func park(members: Int) -> String {
            let list = (0..<members).map { "  - {id: m\($0), name: M\($0), meters: [m\($0)-main]}\n" }.joined()
            return ParkYAML.replacing("  - id: a\n    name: A Co.\n    meters: [a-main]\n", with: list)
                + "shared_costs:\n  - {id: core, name: Core, annual_cost_fen: 100, method: least-core}\n"
        }
        #expect(LeastCore.maximumMembers == 16)
        let sixteen = try ParkFile.parse(yaml: park(members: 16), fileName: "park.yaml").park
        #expect(sixteen.members.count == 16 && sixteen.sharedCosts[0].method == .leastCore)
        let seventeen = try #require(ParkYAML.rejection(park(members: 17)))
        #expect(seventeen.issues.contains {
            $0.reason.hasSuffix("least-core is for up to 16 members (the park has 17); use shapley-sampled")
        }, "\(seventeen.issues)")
    }
}
