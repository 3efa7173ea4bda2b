@testable import GreenParkCore
import Testing

@Suite("US 45V pillars for a hydrogen producer (DOMAIN.md 5)")
struct Hydrogen45VTests {
    /// The facility in `region` (the park's, northwest, by default); wind in `windRegion`
    /// (the park's when nil).
    func park(_ pis: CivilDate, region: String? = "northwest", windRegion: String? = nil,
              storageOwner: StorageOwner = .park) -> Park {
        Park(settings: ParkSettings(id: "p", name: "P", region: "northwest", policyProfile: "cn-650-2025"),
             members: [Member(id: "h2", name: "Hydrogen Co", meters: ["e1"],
                              hydrogen: HydrogenProducer(placedInService: pis, region: region))],
             generators: [
                Generator(id: "pv", name: "PV", technology: .solarPV, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2021, month: 1, day: 1),
                          registered: CivilDate(year: 2021, month: 1, day: 1), meter: "g1"),
                Generator(id: "wind", name: "Wind", technology: .wind, capacityKW: Fixed6(100), commissioned: CivilDate(year: 2023, month: 6, day: 1),
                          registered: CivilDate(year: 2023, month: 6, day: 1), meter: "g2", region: windRegion),
             ],
             storage: [try! StorageDevice(id: "bess", name: "Battery", capacityWh: 1_000, chargeW: 1_000,
                                          dischargeW: 1_000, efficiency: Fixed6(1), owner: storageOwner,
                                          chargeMeter: "b-in", dischargeMeter: "b-out")])
    }

    /// Two hours of quarter hours, 100 Wh consumed in each. Hour 0: 100 Wh from wind every
    /// quarter. Hour 1: 50 from wind and 25 from pv every quarter.
    func check(year: Int, pis: CivilDate, pvShare: Int64 = 25, windHour1: Int64 = 50,
               park custom: Park? = nil, storage: StoragePeriod? = nil) -> Hydrogen45V.Result {
        let start = Timestamp(CivilDate(year: year, month: 1, day: 1))
        let data = PeriodData(from: start, to: start.adding(seconds: 7200), resolution: .quarterHour,
                              problem: AllocationProblem(memberCount: 1, generatorCount: 2, intervalCount: 8,
                                                         consumption: Array(repeating: 100, count: 8), generation: Array(repeating: 100, count: 16)),
                              gaps: [], gapIntervals: 0)
        var bySource: [Int64] = []
        for t in 0..<8 { bySource += t < 4 ? [0, 100] : [pvShare, windHour1] }
        let allocated = (0..<8).map { bySource[2 * $0] + bySource[2 * $0 + 1] }
        let outcome = AllocationOutcome(memberCount: 1, generatorCount: 2, intervalCount: 8, allocated: allocated, bySource: bySource, surplus: Array(repeating: 0, count: 8))
        return Hydrogen45V.check(park: custom ?? park(pis), member: 0, data: data, outcome: outcome, periodYear: year,
                                 storage: storage)!
    }

    /// One discharge record in hour 1 of `year`-01-01 (300 Wh; the producer took 200, the grid
    /// 100) drawing wind charge that releases 90 Wh, pv charge that releases 60 Wh and grid
    /// charge; the wind charge produced in `windChargeHour` (hour 0 of the same day by default).
    func storage(year: Int, windChargeHour: Timestamp? = nil) -> StoragePeriod {
        let hour0 = Timestamp(CivilDate(year: year, month: 1, day: 1))
        let hour1 = hour0.adding(seconds: 3600)
        func draw(_ origin: StorageOrigin, at hour: Timestamp, released: Int64) -> StorageDischargeRecord.Draw {
            .init(chargeHour: hour, origin: origin, efficiency: Fixed6(1), chargeWh: 100,
                  outputMicroWh: 100_000_000, releasedWh: released)
        }
        let record = StorageDischargeRecord(device: 0, hour: hour1, dischargedWh: 300, draws: [
            draw(.green(generator: 1), at: windChargeHour ?? hour0, released: 90),
            draw(.green(generator: 0), at: hour0, released: 60),
            draw(.grid, at: hour0, released: 0),
        ], unbackedWh: 0)
        return StoragePeriod(dischargeRecords: [record], dischargeRecipients: [[200, 100]],
                             queues: [StorageQueue(device: 0)], devices: [.init(id: "bess")],
                             members: [.init(id: "h2")], generatorExportWh: [0, 0],
                             surplus: Array(repeating: 0, count: 8),
                             firstHour: hour0, memberGreenByHour: [0, 100], memberCount: 1)
    }

    @Test("placed in service 2024-03-01: wind (COD 2023-06) qualifies, pv (COD 2021-01, before 2021-03-01) does not")
    func pillars() {
        let r = check(year: 2025, pis: CivilDate(year: 2024, month: 3, day: 1))
        #expect(r.pillars.map(\.name) == ["incrementality", "deliverability", "temporal matching"])
        // pv gave 4 x 25 = 100 Wh: incrementality fails and that energy counts for nothing.
        #expect(!r.pillars[0].pass && r.pillars[0].why.contains("100 Wh came from generators that do not qualify"))
        #expect(r.pillars[1].pass)
        // Annual (before 2030): qualifying 400 + 200 = 600 of 800 Wh -> fails; hour 1 is short.
        #expect(r.consumptionWh == 800 && r.qualifyingWh == 600 && r.matchedWh == 600 && !r.pillars[2].pass)
        #expect(r.failingHours == [Timestamp(CivilDate(year: 2025, month: 1, day: 1), hour: 1)])
        #expect(r.basis.hasPrefix("annual"))
    }

    @Test("from 2030 the matching is hourly; a fully matched supply passes")
    func hourly() {
        let r = check(year: 2030, pis: CivilDate(year: 2029, month: 1, day: 1))
        // PIS 2029-01-01: earliest COD 2026-01-01, so neither generator qualifies.
        #expect(r.basis.hasPrefix("hourly") && r.qualifyingWh == 0 && r.failingHours.count == 2 && !r.pass)
        // Placed in service 2024-03-01 and hour 1 fully from wind (pv share 0, wind 50 of 100): still short in hour 1.
        let short = check(year: 2030, pis: CivilDate(year: 2024, month: 3, day: 1), pvShare: 0)
        #expect(short.pillars[0].pass && short.matchedWh == 600 && !short.pillars[2].pass)
        let full = check(year: 2030, pis: CivilDate(year: 2024, month: 3, day: 1), pvShare: 0, windHour1: 100)
        #expect(full.pass && full.matchedWh == 800 && full.failingHours.isEmpty)
        #expect(Hydrogen45V.earliestCOD(CivilDate(year: 2024, month: 2, day: 29)) == CivilDate(year: 2021, month: 2, day: 28))
    }

    @Test("deliverability fails without the facility's region, and for energy from a generator in another region")
    func deliverability() {
        let pis = CivilDate(year: 2024, month: 3, day: 1)
        // Fully matched from wind, hourly (2030): every pillar passes in the same region.
        let same = check(year: 2030, pis: pis, pvShare: 0, windHour1: 100)
        #expect(same.pass && same.pillars[1].why.contains("the facility is in region northwest"))
        // No region for the facility: nothing shows deliverability (it always passed before).
        let unknown = check(year: 2030, pis: pis, pvShare: 0, windHour1: 100, park: park(pis, region: nil))
        #expect(!unknown.pillars[1].pass && unknown.pillars[1].why.contains("region is not given") && !unknown.pass)
        // The facility in another region than every generator: 800 Wh from elsewhere, none qualifies.
        let east = check(year: 2030, pis: pis, pvShare: 0, windHour1: 100, park: park(pis, region: "east"))
        #expect(!east.pillars[1].pass && east.pillars[1].why.contains("800 Wh came from generators in other regions"))
        #expect(east.qualifyingWh == 0 && !east.pillars[2].pass)
        // Wind in its own region "north": its 800 Wh count for nothing in the temporal match either.
        let north = check(year: 2030, pis: pis, pvShare: 0, windHour1: 100, park: park(pis, windRegion: "north"))
        #expect(!north.pillars[1].pass && north.pillars[1].why.contains("wind (north)") && north.matchedWh == 0)
        // pv in another region but supplying nothing: deliverability still passes.
        var pvElsewhere = park(pis)
        pvElsewhere.generators[0].region = "north"
        let idle = check(year: 2030, pis: pis, pvShare: 0, windHour1: 100, park: pvElsewhere)
        #expect(idle.pillars[1].pass && idle.pillars[1].why.contains("pv (north) supplied none"))
    }

    @Test("green energy from storage counts in its discharge hour when its original generator qualifies")
    func fromStorage() {
        let pis = CivilDate(year: 2024, month: 3, day: 1)
        // Hourly (2030), direct supply: wind 400 Wh in hour 0, 200 Wh in hour 1 (pv share 0).
        let without = check(year: 2030, pis: pis, pvShare: 0)
        #expect(without.matchedWh == 600 && without.pillars[0].pass)
        // The producer took 200 of the 300 Wh discharged in hour 1: its share of the 150 Wh released
        // is 150 x 200/300 = 100 (the grid's 50 stay with the park, the owner). As the registry hands
        // them out, it takes the first 100 of the record's releases: wind's 90, then 10 of pv's 60
        // (pv is too old: those 10 fail incrementality).
        let with = check(year: 2030, pis: pis, pvShare: 0, storage: storage(year: 2030))
        #expect(with.qualifyingFromStorageWh == 90 && with.qualifyingWh == 600 + 90)
        // Hour 1: 200 direct + 90 from storage of 400 consumed -> matched 400 + 290 = 690.
        #expect(with.matchedWh == 690 && with.failingHours.count == 1)
        #expect(!with.pillars[0].pass && with.pillars[0].why.contains("10 Wh came from generators that do not qualify"))
        #expect(with.pillars[2].why.contains("includes 90 Wh released from storage"))
        // The producer owns the battery: it keeps all 150 (its 100 and the grid's 50): wind 90, pv 60.
        let owner = check(year: 2030, pis: pis, pvShare: 0, park: park(pis, storageOwner: .member("h2")),
                          storage: storage(year: 2030))
        #expect(owner.qualifyingFromStorageWh == 90 && owner.pillars[0].why.contains("60 Wh came from generators"))
    }

    @Test("annual basis: storage green produced in another calendar year than discharged counts for nothing")
    func fromStorageOtherYear() {
        let pis = CivilDate(year: 2024, month: 3, day: 1)
        let december = Timestamp(CivilDate(year: 2024, month: 12, day: 31), hour: 23)
        let r = check(year: 2025, pis: pis, pvShare: 0, storage: storage(year: 2025, windChargeHour: december))
        #expect(r.qualifyingFromStorageWh == 0 && r.qualifyingWh == 600)
        #expect(r.pillars[2].why.contains("90 Wh from storage produced in another year count for nothing"))
        // The same charge produced in 2025's first hour counts (annual: 600 + 90 of 800).
        let sameYear = check(year: 2025, pis: pis, pvShare: 0, storage: storage(year: 2025))
        #expect(sameYear.qualifyingFromStorageWh == 90 && sameYear.matchedWh == 690)
    }

    @Test("deliverability: storage sits in the park's region, so it fails for a facility elsewhere")
    func storageDeliverability() {
        let pis = CivilDate(year: 2024, month: 3, day: 1)
        // The facility in "east" with both generators there too, but the park (and its battery)
        // in northwest: the 100 green Wh from storage (90 wind + 10 pv) came from elsewhere.
        var east = park(pis, region: "east")
        for j in east.generators.indices { east.generators[j].region = "east" }
        let r = check(year: 2030, pis: pis, pvShare: 0, park: east, storage: storage(year: 2030))
        #expect(!r.pillars[1].pass && r.pillars[1].why.contains("100 Wh came from generators in other regions"))
        #expect(r.pillars[1].why.contains("the park's storage (northwest)"))
        #expect(r.qualifyingFromStorageWh == 0 && r.matchedWh == 600)
        // Without storage the same park passes deliverability.
        #expect(check(year: 2030, pis: pis, pvShare: 0, park: east).pillars[1].pass)
    }
}
