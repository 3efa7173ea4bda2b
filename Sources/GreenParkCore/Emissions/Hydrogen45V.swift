/// The three pillars of US §45V (final rules, January 2025) for a hydrogen producer's
/// green supply over the direct line (DOMAIN.md 5, normative):
/// - incrementality: a generator qualifies if its commercial operation date (commissioning)
///   is no earlier than 36 months before the facility's placed-in-service date;
/// - deliverability: the generator is in the same region (balancing area) as the facility:
///   each generator's `region` (the park's region unless the park file gives its own)
///   equals the facility's `hydrogen.region`. Without a facility region the pillar fails:
///   nothing shows where the facility is;
/// - temporal matching: annual for periods before 2030, hourly from 2030. Only energy of
///   qualifying generators (incremental and deliverable) counts; the pillar passes when it
///   matches all consumption on that basis, and the hours where it does not are listed.
///
/// With storage, certified green energy the producer took from a battery counts in its
/// discharge hour when its original generator qualifies (``storageGreen(_:park:member:start:hours:``
/// ``incremental:deliverable:deviceDeliverable:annual:year:)``).
public enum Hydrogen45V {
    public struct Pillar: Sendable, Equatable {
        public var name: String
        public var pass: Bool
        public var why: String
    }

    public struct Result: Sendable {
        public var member: String
        public var placedInService: CivilDate
        public var basis: String
        public var pillars: [Pillar]
        public var consumptionWh: Int64
        /// Green energy from qualifying generators (directly or through storage).
        public var qualifyingWh: Int64
        /// Of `qualifyingWh`: released from storage in the hours the producer took it.
        public var qualifyingFromStorageWh: Int64 = 0
        /// Consumption matched on the pillar's basis (annual or hourly).
        public var matchedWh: Int64
        /// Starts of the hours where qualifying green energy fell short of consumption.
        public var failingHours: [Timestamp]
        public var pass: Bool { pillars.allSatisfy(\.pass) }
    }

    /// `PIS - 36 months` on the calendar.
    static func earliestCOD(_ placedInService: CivilDate) -> CivilDate {
        let day = min(placedInService.day, CivilDate.daysIn(month: placedInService.month, year: placedInService.year - 3))
        return CivilDate(year: placedInService.year - 3, month: placedInService.month, day: day)
    }

    /// Checks member `i` (a hydrogen producer) over the run; `periodYear` is the local year
    /// the run starts in.
    /// `hourOffset`: how far local clock hours are from UTC hours (as for ``HourlyEnergy``).
    /// `storage`: the period's storage records (a park with storage); `localYear` gives an
    /// instant's local calendar year (UTC's when nil).
    public static func check(park: Park, member i: Int, data: PeriodData, outcome: AllocationOutcome,
                             periodYear: Int, hourOffset: Int64 = 0, storage: StoragePeriod? = nil,
                             localYear: ((Timestamp) -> Int)? = nil) -> Result? {
        let member = park.members[i]
        guard let producer = member.hydrogen else { return nil }
        let n = data.problem.memberCount, m = data.problem.generatorCount
        let earliest = earliestCOD(producer.placedInService)
        let incremental = park.generators.map { $0.commissioned >= earliest }
        let regions = park.generators.map { $0.region ?? park.settings.region }
        let deliverable = regions.map { producer.region != nil && $0 == producer.region }
        let deviceDeliverable = producer.region != nil && producer.region == park.settings.region
        let qualifies = park.generators.indices.map { incremental[$0] && deliverable[$0] }
        var pillars: [Pillar] = []
        let codes = park.generators.enumerated().map { j, g in
            let verdict = incremental[j] ? "qualifies" : "is older than 36 months before placed in service"
            return "\(g.id) (COD \(g.commissioned)) \(verdict)"
        }
        // Per hour: consumption and qualifying green energy.
        let start = data.from.seconds - (((data.from.seconds + hourOffset) % 3600) + 3600) % 3600
        let hours = Int((data.to.seconds - start + 3599) / 3600)
        var consumption = [Int64](repeating: 0, count: hours), qualifying = consumption
        var other: Int64 = 0, elsewhere: Int64 = 0
        for t in 0..<data.problem.intervalCount where !data.problem.excluded[t] {
            let h = Int((data.start(ofInterval: t).seconds - start) / 3600)
            consumption[h] += data.problem.consumption[t * n + i]
            for j in 0..<m {
                let a = outcome.allocated(interval: t, member: i, generator: j)
                if qualifies[j] { qualifying[h] += a }
                if !incremental[j] { other += a }
                if !deliverable[j] { elsewhere += a }
            }
        }
        let hourly = periodYear >= 2030
        let year = localYear ?? { CivilDate(daysSinceEpoch: $0.utcDay).year }
        let stored = storage.map {
            storageGreen($0, park: park, member: i, start: Timestamp(seconds: start), hours: hours,
                         incremental: incremental,
                         deliverable: deliverable, deviceDeliverable: deviceDeliverable, annual: !hourly, year: year)
        }
        if let stored {
            for h in 0..<hours { qualifying[h] += stored.qualifying[h] }
            other += stored.notIncremental
            elsewhere += stored.elsewhere
        }
        // Passes when every green Wh received came from an incremental generator.
        pillars.append(Pillar(name: "incrementality", pass: other == 0,
                              why: "earliest qualifying COD \(earliest) (36 months before "
                                + "\(producer.placedInService)): " + codes.joined(separator: "; ")
                                + (other > 0 ? "; \(other) Wh came from generators that do not qualify and count for nothing" : "")))
        pillars.append(deliverability(park: park, producer: producer, regions: regions, deliverable: deliverable,
                                      elsewhere: elsewhere, storageOutside: stored != nil && !deviceDeliverable))
        let c = consumption.reduce(0, +), q = qualifying.reduce(0, +)
        var failing: [Timestamp] = []
        var matched: Int64 = 0
        for h in 0..<hours {
            matched += min(consumption[h], qualifying[h])
            if qualifying[h] < consumption[h] { failing.append(Timestamp(seconds: start + Int64(h) * 3600)) }
        }
        if !hourly { matched = min(c, q) }
        let basis = hourly ? "hourly (periods from 2030)" : "annual (periods before 2030)"
        let pass = matched == c
        let fromStorage = stored?.qualifying.reduce(0, +) ?? 0
        var why = "\(basis): \(matched) of \(c) Wh matched by qualifying generation"
        if let stored, stored.total > 0 {
            why += " (qualifying generation includes \(fromStorage) Wh released from storage in the hours it was "
                + "taken" + (stored.otherYear > 0
                    ? "; \(stored.otherYear) Wh from storage produced in another year count for nothing" : "")
                + ")"
        }
        if !failing.isEmpty { why += "; \(failing.count) hour(s) short" }
        pillars.append(Pillar(name: "temporal matching", pass: pass, why: why))
        return Result(member: member.id, placedInService: producer.placedInService, basis: basis, pillars: pillars,
                      consumptionWh: c, qualifyingWh: q, qualifyingFromStorageWh: fromStorage, matchedWh: matched,
                      failingHours: failing)
    }

    /// The deliverability pillar: the facility's region is given, and every Wh the member
    /// received came from a generator in that region (through storage: the park's devices
    /// must be in it too, `storageOutside` when they are not).
    static func deliverability(park: Park, producer: HydrogenProducer, regions: [String], deliverable: [Bool],
                               elsewhere: Int64, storageOutside: Bool = false) -> Pillar {
        guard let region = producer.region else {
            return Pillar(name: "deliverability", pass: false,
                          why: "the facility's region is not given (members[].hydrogen.region in the park file), "
                              + "so nothing shows "
                              + "that the generators are in the same region")
        }
        let outside = park.generators.indices.filter { !deliverable[$0] }
            .map { "\(park.generators[$0].id) (\(regions[$0]))" }
            + (storageOutside ? ["the park's storage (\(park.settings.region))"] : [])
        if outside.isEmpty || elsewhere == 0 {
            return Pillar(name: "deliverability", pass: true,
                          why: "the facility is in region \(region); every Wh it received came from generators "
                              + "in that region"
                              + (outside.isEmpty ? "" : " (\(outside.joined(separator: ", ")) supplied none)"))
        }
        return Pillar(name: "deliverability", pass: false,
                      why: "the facility is in region \(region), but \(elsewhere) Wh came from generators "
                          + "in other regions: "
                          + outside.joined(separator: ", ") + "; that energy counts for nothing")
    }
}
