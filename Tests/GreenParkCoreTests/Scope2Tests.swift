import GreenParkCore
import Testing

@Suite("Scope 2, hourly matching and the Quality Criteria (DOMAIN.md 5)")
struct Scope2Tests {
    let t0 = Timestamp(CivilDate(year: 2023, month: 3, day: 1))
    func factor(_ name: String, _ kind: String, _ value: Int64) -> EmissionFactor {
        EmissionFactor(year: 2023, name: name, kind: kind, kgPerKWh: Fixed6(millionths: value), source: "test")
    }

    @Test("both methods, annual and hourly, worked by hand")
    func handWorked() {
        // Three hours: C = 1000, 2000, 0; green = 400, 2000, 0; grid = 600, 0, 0.
        let energy = HourlyEnergy(start: t0, consumption: [1000, 2000, 0], green: [400, 2000, 0])
        // Location 0.55 annual, hourly 0.5 / 0.7 / 0.9; residual 0.61; grid carbon-free share 0.25.
        let calculator = Scope2Calculator(
            location: FactorSeries(annual: factor("east", "location", 550_000), hourly: [Fixed6(millionths: 500_000), Fixed6(millionths: 700_000), Fixed6(millionths: 900_000)]),
            residual: FactorSeries(annual: factor("national-excl-nonfossil", "residual", 610_000)),
            gridCFEShare: Fixed6(millionths: 250_000))
        // A granular bundle of hour 1 (1,500 Wh) and a monthly GEC (1,000 Wh) whose production runs past the period.
        let instruments = [
            RedeemedInstrument(statement: "RS-1", productionStart: t0.adding(seconds: 3600), productionEnd: t0.adding(seconds: 7200), volumeWh: 1500),
            RedeemedInstrument(statement: "RS-2", productionStart: t0, productionEnd: t0.adding(seconds: 31 * 86_400), volumeWh: 1000),
        ]
        let rows = calculator.rows(member: "a", energy: energy, instruments: instruments, periods: [.init(label: "3h", hours: 0..<3)])
        let r = rows[0]
        #expect(r.consumptionWh == 3000 && r.directGreenWh == 2400 && r.gridImportWh == 600)
        // Covered: only the bundle was produced inside the period: min(3000, 1500) = 1500.
        #expect(r.coveredWh == 1500)
        // Location: 600 x 0.55 = 330 g. Market: (3000 - 1500) x 0.61 = 915 g.
        #expect(r.locationGrams == 330 && r.marketGrams == 915)
        // Hourly location: 600 x 0.5 + 0 x 0.7 + 0 x 0.9 = 300 g.
        #expect(r.hourlyLocationGrams == 300)
        // Hourly market: hour 0 uncovered 1000 x 0.61 = 610; hour 1 (2000 - 1500) x 0.61 = 305; total 915 g.
        #expect(r.hourlyCoveredWh == 1500 && r.hourlyMarketGrams == 915)
        // CFE: hour 0 400 + 600 x 0.25 = 550; hour 1 2000; hour 2 0 -> 2550 / 3000 = 0.85.
        #expect(r.cfeWh == 2550 && r.cfeScore == Ratio(2550, 3000))
    }

    @Test("a monthly certificate covers its month but no single hour")
    func monthlyInstrument() {
        let hours = 31 * 24
        let energy = HourlyEnergy(start: t0, consumption: Array(repeating: 100, count: hours), green: Array(repeating: 0, count: hours))
        let calculator = Scope2Calculator(location: FactorSeries(annual: factor("n", "location", 500_000)),
                                          residual: FactorSeries(annual: factor("r", "residual", 600_000)))
        let gec = RedeemedInstrument(statement: "RS-1", productionStart: t0, productionEnd: t0.adding(seconds: Int64(hours) * 3600), volumeWh: 50_000)
        let r = calculator.rows(member: "a", energy: energy, instruments: [gec], periods: [.init(label: "2023-03", hours: 0..<hours)])[0]
        // 744 h x 100 Wh = 74,400 Wh; covered 50,000; market (74,400 - 50,000) x 0.6 = 14,640 g; hourly market 74,400 x 0.6 = 44,640 g.
        #expect(r.coveredWh == 50_000 && r.marketGrams == 14_640)
        #expect(r.hourlyCoveredWh == 0 && r.hourlyMarketGrams == 44_640)
    }

    @Test("grams are summed exactly and rounded once, half to even")
    func rounding() {
        var a = GramAccumulator()
        a.add(wh: 1, millionths: 530_600)   // 0.5306 g
        a.add(wh: 1, millionths: 530_600)   // 1.0612 g
        #expect(a.grams == 1)
        var b = GramAccumulator()
        b.add(wh: 5, millionths: 500_000)   // 2.5 g -> 2 (even)
        #expect(b.grams == 2)
        var c = GramAccumulator()
        c.add(wh: 3, millionths: 500_000)   // 1.5 g -> 2 (even)
        #expect(c.grams == 2)
        var big = GramAccumulator()
        for _ in 0..<8760 { big.add(wh: 100_000_000_000, millionths: 999_999) }   // beyond Int64 before the division
        #expect(big.grams == 876_000_000_000_000 - 876_000_000)
    }

    @Test("Quality Criteria: each failure says why")
    func qualityCriteria() throws {
        var registry = CertificateRegistry(parkId: "p")
        let pv = Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2022, month: 1, day: 1),
                           registered: CivilDate(year: 2022, month: 1, day: 1), meter: "m")
        _ = try registry.issue(scheme: .gec, device: pv, registeredFrom: t0, country: "CN", region: "east", start: t0,
                               end: t0.adding(seconds: 31 * 86_400), generationWh: 2_000_000, at: t0, issuer: "test")
        _ = try registry.transferAllocation(scheme: .gec, device: "pv", start: t0, to: "a", allocatedWh: 2_000_000, at: t0)
        let consumption = [Int64(5_000_000)] + Array(repeating: 0, count: 8759)
        let request = RedemptionRequest(beneficiary: "a", location: "x", periodStart: t0, periodEnd: t0.adding(seconds: 365 * 86_400),
                                        periodLabel: "year", purpose: "Scope 2", scheme: .gec,
                                        room: ClaimRoom(firstHour: t0, consumption: consumption, earlier: []))
        let (statement, _) = try registry.redeem(request, at: t0)
        let range = statement.certificates[0]
        let residual = factor("national-excl-nonfossil", "residual", 609_600)
        var context = Scope2QualityCriteria.Context(
            member: "a", country: "CN", periodStart: t0, periodEnd: t0.adding(seconds: 365 * 86_400), residual: residual, parkDevices: ["pv"])
        context.uniqueClaim = UniqueClaim.check(statement, statements: [statement], consumption: consumption, firstHour: t0)
        let good = Scope2QualityCriteria.check(range, statement: statement, context: context)
        #expect(good.map(\.status) == ["pass", "pass", "pass", "pass", "pass", "not-applicable", "pass", "disclosed"])
        // Another reporter, another country, a later reporting year, a device off the direct line, and no coverage checked.
        let bad = Scope2QualityCriteria.check(range, statement: statement, context: .init(
            member: "b", country: "DE", periodStart: t0.adding(seconds: 365 * 86_400), periodEnd: t0.adding(seconds: 730 * 86_400),
            residual: residual, parkDevices: []))
        #expect(bad.filter { $0.status == "fail" }.map(\.number) == [2, 3, 4, 5, 7])
        #expect(bad[2].why.contains("names a, not b"))
    }
}
