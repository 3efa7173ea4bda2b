@testable import GreenParkCore
import Testing

/// Checks that must be able to fail (issue 10): biomass never silently at 0 g CO2/kWh,
/// criterion 1 only for a known rate.
@Suite("Emission rates of direct-line supply and certificates")
struct EmissionRateTests {
    let t0 = Timestamp(CivilDate(year: 2023, month: 3, day: 1))
    let day = CivilDate(year: 2022, month: 1, day: 1)

    func generator(_ id: String, _ technology: Generator.Technology, rate: Fixed6? = nil) -> Generator {
        Generator(
            id: id, name: id, technology: technology, capacityKW: Fixed6(100), commissioned: day, registered: day,
            meter: id + "-m",
            emissionRate: rate)
    }

    func park(_ generators: [Generator]) -> Park {
        Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"),
            members: [Member(id: "a", name: "A", meters: ["a1"])], generators: generators)
    }

    @Test("rate lookup: wind 0, biomass its given rate, biomass without one is an input error")
    func lookup() throws {
        #expect(try DirectRates.millionths(park([generator("w", .wind)])).isEmpty)
        #expect(
            try DirectRates.millionths(
                park([generator("w", .wind), generator("b", .biomass, rate: Fixed6(millionths: 230_000))]))
                == [0, 230_000])
        #expect(throws: UnknownEmissionRate.self) { try DirectRates.millionths(park([generator("b", .biomass)])) }
        #expect(DirectRates.byDevice(park([generator("w", .wind), generator("b", .biomass)])) == ["w": .zero])
    }

    @Test("Scope 2 counts biomass supply and biomass certificates at the plant's rate, worked by hand")
    func biomassScope2() throws {
        // One hour of four quarters; the member consumes 1,000 Wh per quarter. Wind gives 200 and
        // biomass (0.5 kg/kWh = 500,000 millionths of a g/Wh) 300 per quarter: green 2,000 Wh, grid 2,000 Wh.
        let p = park([generator("w", .wind), generator("b", .biomass, rate: Fixed6(millionths: 500_000))])
        let data = PeriodData(
            from: t0, to: t0.adding(seconds: 3600), resolution: .quarterHour,
            problem: AllocationProblem(
                memberCount: 1, generatorCount: 2, intervalCount: 4,
                consumption: [1000, 1000, 1000, 1000], generation: Array(repeating: 300, count: 8)))
        let outcome = AllocationOutcome(
            memberCount: 1, generatorCount: 2, intervalCount: 4, allocated: [500, 500, 500, 500],
            bySource: [200, 300, 200, 300, 200, 300, 200, 300], surplus: [100, 100, 100, 100])
        let energy = HourlyEnergy.of(data: data, outcome: outcome, rates: try DirectRates.millionths(p)).members[0]
        // 4 x 300 Wh x 0.5 g/Wh = 600 g = 600,000,000 micrograms.
        #expect(energy.directMicrograms == [600_000_000])
        let factor = EmissionFactor(
            year: 2023, name: "east", kind: "location", kgPerKWh: Fixed6(millionths: 550_000), source: "t")
        let residual = EmissionFactor(
            year: 2023, name: "r", kind: "residual", kgPerKWh: Fixed6(millionths: 600_000), source: "t")
        let calculator = Scope2Calculator(
            location: FactorSeries(annual: factor), residual: FactorSeries(annual: residual))
        // Certificates of the hour: 1,000 Wh from biomass and 2,000 Wh from wind, 3,000 Wh of the 4,000 consumed.
        let hour = (t0, t0.adding(seconds: 3600))
        let instruments = [
            RedeemedInstrument(
                statement: "RS", productionStart: hour.0, productionEnd: hour.1, volumeWh: 1000,
                kgPerKWh: Fixed6(millionths: 500_000)),
            RedeemedInstrument(
                statement: "RS", productionStart: hour.0, productionEnd: hour.1, volumeWh: 2000, kgPerKWh: .zero),
        ]
        let r = calculator.rows(
            member: "a", energy: energy, instruments: instruments, periods: [.init(label: "h", hours: 0..<1)])[0]
        // Location: grid 2,000 x 0.55 = 1,100 g, plus biomass 600 g = 1,700 g (before: 1,100 g, biomass at 0).
        #expect(r.locationGrams == 1700 && r.hourlyLocationGrams == 1700)
        // Market: uncovered (4,000 - 3,000) x 0.6 = 600 g, plus 1,000 Wh of biomass certificates
        // x 0.5 = 500 g: 1,100 g.
        #expect(r.coveredWh == 3000 && r.marketGrams == 1100 && r.hourlyMarketGrams == 1100)
        // When the certificates exceed consumption each covers its share: 8,000 Wh, 2,000 of them biomass (1,000 g),
        // cover 4,000 Wh: 1,000 g x 4,000 / 8,000 = 500 g, and nothing is uncovered.
        let many =
            instruments.map {
                var i = $0; i.volumeWh *= 2; return i
            } + [
                RedeemedInstrument(
                    statement: "RS", productionStart: hour.0, productionEnd: hour.1, volumeWh: 2000, kgPerKWh: .zero)
            ]
        let full = calculator.rows(
            member: "a", energy: energy, instruments: many, periods: [.init(label: "h", hours: 0..<1)])[0]
        #expect(full.coveredWh == 4000 && full.marketGrams == 500 && full.hourlyMarketGrams == 500)
        // A certificate of unknown rate covers nothing: 4,000 x 0.6 = 2,400 g.
        let unknown = [
            RedeemedInstrument(
                statement: "RS", productionStart: hour.0, productionEnd: hour.1, volumeWh: 3000, kgPerKWh: nil)
        ]
        let none = calculator.rows(
            member: "a", energy: energy, instruments: unknown, periods: [.init(label: "h", hours: 0..<1)])[0]
        #expect(none.coveredWh == 0 && none.marketGrams == 2400)
        #expect(RedeemedInstrument.rate(device: "x", technology: "biomass", rates: [:]) == nil)
        #expect(RedeemedInstrument.rate(device: "x", technology: "wind", rates: [:]) == .zero)
    }

    @Test("criterion 1 fails for a certificate whose rate is not known, passes with the given rate")
    func criterionOne() throws {
        var registry = CertificateRegistry(parkId: "p")
        let bio = generator("bio", .biomass, rate: Fixed6(millionths: 230_000))
        _ = try registry.issue(
            scheme: .gec, device: bio, registeredFrom: t0, country: "CN", region: "east", start: t0,
            end: t0.adding(seconds: 31 * 86_400), generationWh: 2_000_000, at: t0, issuer: "test")
        _ = try registry.transferAllocation(
            scheme: .gec, device: "bio", start: t0, to: "a", allocatedWh: 2_000_000, at: t0)
        let request = RedemptionRequest(
            beneficiary: "a", location: "x", periodStart: t0, periodEnd: t0.adding(seconds: 365 * 86_400),
            periodLabel: "year", purpose: "Scope 2", scheme: .gec,
            room: ClaimRoom(firstHour: t0, consumption: [5_000_000] + Array(repeating: 0, count: 8759), earlier: []))
        let (statement, _) = try registry.redeem(request, at: t0)
        let residual = EmissionFactor(
            year: 2023, name: "r", kind: "residual", kgPerKWh: Fixed6(millionths: 609_600), source: "t")
        func first(_ rates: [String: Fixed6]) -> Scope2QualityCriteria.Result {
            Scope2QualityCriteria.check(
                statement.certificates[0], statement: statement,
                context: .init(
                    member: "a", country: "CN", periodStart: t0, periodEnd: t0.adding(seconds: 365 * 86_400),
                    residual: residual,
                    parkDevices: ["bio"], deviceRates: rates))[0]
        }
        // Before, criterion 1 passed for every certificate ("the generator's own rate").
        let unknown = first([:])
        #expect(unknown.status == "fail" && unknown.why.contains("conveys no known emission rate"), "\(unknown)")
        let known = first(["bio": Fixed6(millionths: 230_000)])
        #expect(known.status == "pass" && known.why.contains("0.23 kg CO2/kWh"), "\(known)")
    }

    @Test("CBAM counts a biomass plant's direct supply at its actual rate, never at 0")
    func cbamActualRate() throws {
        var p = park([generator("b", .biomass, rate: Fixed6(millionths: 500_000))])
        p.members[0].installations = [
            Installation(
                id: "i", name: "I", address: "x", unlocode: "CNHGH", meters: ["a1"],
                goods: [CBAMGood(cnCode: "25231000", category: .cement)])
        ]
        // 1,000 Wh consumed, 600 Wh from biomass at 0.5 g/Wh, 400 Wh from the grid at 0.6 g/Wh.
        let data = PeriodData(
            from: t0, to: t0.adding(seconds: 900), resolution: .quarterHour,
            problem: AllocationProblem(
                memberCount: 1, generatorCount: 1, intervalCount: 1, consumption: [1000], generation: [600]),
            meterConsumption: ["a1": [1000]])
        let outcome = AllocationOutcome(
            memberCount: 1, generatorCount: 1, intervalCount: 1, allocated: [600], bySource: [], surplus: [0])
        let grid = EmissionFactor(
            year: 2023, name: "g", kind: "location", kgPerKWh: Fixed6(millionths: 600_000), source: "t")
        // 400 x 0.6 + 600 x 0.5 = 240 + 300 = 540 g (before, the run was refused).
        let result = try CBAMCalculator.run(park: p, data: data, outcome: outcome, production: [], gridFactor: grid)
        #expect(result[0].indirectGrams == 540 && result[0].greenWh == 600)
        // At rate 0 the green share is 0 g: 240 g.
        p.generators[0].emissionRate = .zero
        #expect(try CBAMCalculator.run(park: p, data: data, outcome: outcome, production: [], gridFactor: grid)[0]
            .indirectGrams == 240)
    }
}
