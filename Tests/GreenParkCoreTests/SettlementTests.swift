@testable import GreenParkCore
import Testing

@Suite("Settlement: skipped intervals, the checks against the inputs, corrections (DOMAIN.md 6)")
struct SettlementTests {
    let park = Park(
        settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
        members: [Member(id: "a", name: "A", meters: ["a1"]), Member(id: "b", name: "B", meters: ["b1"])],
        generators: [Generator(id: "g", name: "G", technology: .solarPV, capacityKW: Fixed6(100),
                               commissioned: CivilDate(year: 2023, month: 1, day: 1),
                               registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")])
    let settings = SettlementSettings(tariff: "t", ppa: ["g": Fixed6(40)], exportPrice: Fixed6(20))
    let tariff = Tariff(id: "t", name: "T", province: "P", version: "1", source: "test", prices: ["flat": Fixed6(100)],
                        seasons: [Tariff.Season(months: Set(1...12), windows: [SettlementTests.allDay])])
    static let allDay = Tariff.Window(startMinute: 0, endMinute: 1440, period: "flat")

    /// Three quarter hours; consumption a, b per interval; generation of g; allocation a, b.
    /// The third interval is excluded (a gap under skip-interval).
    func data(consumption: [Int64] = [1000, 1000, 2000, 0, 500, 1500],
              generation: [Int64] = [1500, 4000, 3000]) -> PeriodData {
        let start = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
        let problem = AllocationProblem(memberCount: 2, generatorCount: 1, intervalCount: 3, consumption: consumption,
                                        generation: generation, excluded: [false, false, true])
        return PeriodData(from: start, to: start.adding(seconds: 2700), resolution: .quarterHour, problem: problem)
    }

    func outcome(_ allocated: [Int64] = [750, 750, 2000, 0, 0, 0]) -> AllocationOutcome {
        AllocationOutcome(memberCount: 2, generatorCount: 1, intervalCount: 3, allocated: allocated, bySource: [],
                          surplus: [0, 0, 0], excluded: [false, false, true])
    }

    func settle(_ data: PeriodData, _ outcome: AllocationOutcome, shared: [Int64] = [600, 400]) -> Settlement {
        Settlement(park: park, settings: settings, tariff: tariff, data: data, outcome: outcome,
                   touPeriod: ["flat", "flat", "flat"], sharedIDs: ["lines"], shared: [shared])
    }

    @Test("worked by hand: the excluded interval is billed to no one (as the summary leaves it out)")
    func skippedInterval() {
        let s = settle(data(), outcome())
        // a: green 750 + 2,000 = 2,750 Wh x 40 = 110 fen; grid 1,000 - 750 = 250 Wh x 100 = 25; shared 600: net 735,
        //    VAT 13 % = 95.55 -> 96 (half to even), total 831. The excluded interval's 500 Wh are not billed.
        // b: green 750 x 40 = 30; grid 250 x 100 = 25; shared 400: net 455, VAT 59.15 -> 59, total 514
        //    (not its 1,500 Wh of t2).
        // g: sales 110 + 30; export 1,500 + 4,000 - 3,500 = 2,000 Wh x 20 = 40 (not t2's 3,000 Wh): total 180.
        #expect(s.bills[0].lines.map(\.amountFen) == [110, 25, 600] && s.bills[0].totalFen == 831)
        #expect(s.bills[1].lines.map(\.energyWh) == [750, 250, nil] && s.bills[1].totalFen == 514)
        let export = Settlement.Line(kind: .export, item: "grid", energyWh: 2000, priceFenPerKWh: Fixed6(20),
                                     amountFen: 40)
        #expect(s.statements[0].lines.last == export)
        #expect(s.intervals == 3 && s.skippedIntervals == 1)
        #expect(s.checks(data: data(), sharedCosts: [("lines", 1000)]).allSatisfy { $0.passes })
    }

    @Test("billed-energy fails when the lines do not bill a member's consumption (an allocation above it)")
    func billedEnergyFails() {
        // a gets 1,200 Wh of its 1,000 in t0: its grid import -200 + 0 is no line,
        // so 3,200 Wh are billed for 3,000 consumed.
        let s = settle(data(), outcome([1200, 750, 2000, 0, 0, 0]))
        let failed = s.checks(data: data(), sharedCosts: [("lines", 1000)]).filter { !$0.passes }
        #expect(failed == [SettlementCheck(id: "billed-energy", party: "a", expected: 3000, actual: 3200, unit: "Wh")])
        #expect(failed[0].description == "billed-energy of a: 3200 Wh billed, 3000 Wh consumed")
    }

    @Test("generator-energy fails when more is sold than generated")
    func generatorEnergyFails() {
        // g generates 1,500 + 1,000 = 2,500 Wh but 3,500 are allocated: the export is -1,000 (no line),
        // 3,500 Wh sold.
        let d = data(generation: [1500, 1000, 3000])
        let failed = settle(d, outcome()).checks(data: d, sharedCosts: [("lines", 1000)]).filter { !$0.passes }
        #expect(failed == [SettlementCheck(id: "generator-energy", party: "g", expected: 2500, actual: 3500,
                                           unit: "Wh")])
    }

    @Test("shared-cost fails when the shared lines are not the period's cost")
    func sharedCostFails() {
        let failed = settle(data(), outcome(), shared: [600, 401]).checks(data: data(), sharedCosts: [("lines", 1000)])
            .filter { !$0.passes }
        #expect(failed == [SettlementCheck(id: "shared-cost", party: "lines", expected: 1000, actual: 1001,
                                           unit: "fen")])
        // An item with no line at all is caught too.
        let missing = settle(data(), outcome()).checks(data: data(), sharedCosts: [("lines", 1000), ("platform", 5)])
            .filter { !$0.passes }
        #expect(missing.map(\.party) == ["platform"])
    }

    @Test("a correction: only what changed; a credit note and the new invoice sum to the corrected bill")
    func revision() {
        let first = settle(data(), outcome())
        let previous = (first.bills, first.statements)
        let same = SettlementRevision(previous: previous, bills: first.bills, statements: first.statements)
        #expect(same.isUnchanged)
        let initial = SettlementRevision(previous: nil, bills: first.bills, statements: first.statements)
        #expect(initial.changedMembers == ["a", "b"] && initial.changedGenerators == ["g"])
        // a's t1 reading corrected from 2,000 to 2,400 Wh; it gets all 2,400 (G 4,000).
        let corrected = settle(data(consumption: [1000, 1000, 2400, 0, 500, 1500]), outcome([750, 750, 2400, 0, 0, 0]))
        let revision = SettlementRevision(previous: previous, bills: corrected.bills, statements: corrected.statements)
        #expect(revision.changedMembers == ["a"] && revision.goneMembers.isEmpty && revision.changedGenerators == ["g"])
        // a: green 3,150 x 40 = 126, grid 25, shared 600: net 751, VAT 97.63 -> 98, total 849.
        // Invoices of the month: 831 (first) - 831 (credit note) + 849 (new) = 849, the corrected bill.
        let credit = first.bills[0].creditNote
        #expect(credit.lines.map(\.amountFen) == [-110, -25, -600] && credit.lines[0].energyWh == -2750)
        #expect(credit.lines[0].priceFenPerKWh == Fixed6(40))
        #expect(credit.netFen == -735 && credit.vatFen == -96 && credit.totalFen == -831)
        #expect(corrected.bills[0].totalFen == 849)
        #expect(first.bills[0].totalFen + credit.totalFen + corrected.bills[0].totalFen == 849)
        // A member gone from the park: a credit note only.
        let gone = SettlementRevision(previous: previous, bills: [first.bills[0]], statements: first.statements)
        #expect(gone.changedMembers == ["b"] && gone.goneMembers == ["b"] && gone.changedGenerators.isEmpty)
    }
}

@Suite("Settlement: demand-response credits on the bills")
struct SettlementDemandResponseTests {
    @Test("worked by hand: a's 200 kWh delivered at 150 fen is a -30,000 fen line after VAT; the programme pays it")
    func credit() {
        let base = SettlementTests()
        let start = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
        // a's baseline 500,000 Wh in one interval, metered 300,000: 200,000 Wh x 150 / 1,000 = 30,000 fen.
        let delivered = DeliveredFlexibility(member: "a", event: "ev-1", starts: [start], baselines: [500_000],
                                             metered: [300_000], incentives: [Fixed6(150)])
        let s = Settlement(park: base.park, settings: base.settings, tariff: base.tariff, data: base.data(),
                           outcome: base.outcome(), touPeriod: ["flat", "flat", "flat"], sharedIDs: ["lines"],
                           shared: [[600, 400]],
                           demandResponse: Settlement.DemandResponseInput(incentive: Fixed6(150),
                                                                          delivered: [delivered]))
        // a: charges 110 + 25 + 600 = 735 (as in skippedInterval), VAT 13 % on them 95.55 -> 96 (the credit is a
        //    payment outside VAT); lines -29,265 with the credit; total -29,265 + 96 = -29,169. b is unchanged (514).
        let credit = Settlement.Line(kind: .demandResponse, item: "ev-1", energyWh: 200_000,
                                     priceFenPerKWh: Fixed6(150), amountFen: -30_000)
        #expect(s.bills[0].lines.last == credit)
        #expect(s.bills[0].netFen == -29_265 && s.bills[0].vatFen == 96 && s.bills[0].totalFen == -29_169)
        #expect(s.bills[1].totalFen == 514)
        // In: bills -29,169 + 514, export 40, the programme's 30,000 = 1,385; out: statement 180,
        //     grid company 25 + 25, shared 1,000, VAT 96 + 59 = 1,385.
        #expect(s.demandResponseFen == 30_000 && s.moneyInFen == s.moneyOutFen && s.moneyInFen == 1_385)
        #expect(s.checks(data: base.data(), sharedCosts: [("lines", 1000)]).allSatisfy { $0.passes })
    }
}

@Suite("Settlement: VAT of a negative amount")
struct SettlementVATTests {
    @Test("half to even on the magnitude: -35 x 0.13 = -4.55 -> -5, -50 x 0.13 = -6.5 -> -6 (as 6.5 -> 6)")
    func negative() {
        let rate = Fixed6(parsing: "0.13")!
        #expect(Settlement.vat(35, rate) == 5 && Settlement.vat(-35, rate) == -5)
        #expect(Settlement.vat(50, rate) == 6 && Settlement.vat(-50, rate) == -6)
        #expect(Settlement.vat(-29_265, rate) == -3_804)   // -3,804.45
        #expect(Settlement.vat(-29_269, rate) == -3_805)   // -3,804.97
    }
}
