import GreenParkCore
import PropertyBased
import Testing

/// Storage records in the certificate registry (DOMAIN.md 4a) on random parks, certified in
/// one run or in two runs split on an hour: every green Wh charged cancels one certificate,
/// every Wh released is backed by one cancelled, the members end up with what the accounting
/// gives them, and the ledger alone rebuilds the registry.
@Suite("Storage certificates on random parks")
struct StorageCertificatePropertyTests {
    static let epoch = CivilDate(year: 2023, month: 1, day: 1)

    /// The registry after certifying the park in `runs` (ranges of half-hour intervals, in
    /// order), each run: every generator's hours issued and transferred per the allocation, then
    /// the run's charge records cancelled and its discharge records released.
    /// `takeAway`: a percentage of each charged hour's certificates that the generators sell
    /// by hand before the charge records are certified (nil: none).
    static func certify(_ park: RandomStoragePark, runs: [Range<Int>], takeAway: Int? = nil) throws
        -> (registry: CertificateRegistry, events: [LedgerEvent], periods: [StoragePeriod]) {
        var registry = CertificateRegistry(parkId: "p")
        var events: [LedgerEvent] = [], periods: [StoragePeriod] = []
        var queues: [StorageQueue]?
        let generators = (0..<park.m).map {
            Generator(id: "g\($0)", name: "G\($0)", technology: .solarPV, capacityKW: Fixed6(10),
                      commissioned: epoch, registered: epoch, meter: "gm\($0)")
        }
        let at = Timestamp(seconds: 1_700_000_000)
        for run in runs {
            let (direct, _, period) = try park.account(run, queues: queues)
            queues = period.queues
            periods.append(period)
            for h in stride(from: 0, to: run.count, by: 2) {
                let start = Timestamp(seconds: 1_685_577_600 + Int64(run.lowerBound + h) * 1800)
                for (j, generator) in generators.enumerated() {
                    let produced = park.generation[(run.lowerBound + h) * park.m + j]
                        + park.generation[(run.lowerBound + h + 1) * park.m + j]
                    events += try registry.issue(
                        scheme: .granular, device: generator, registeredFrom: Timestamp(epoch), country: "CN",
                        region: "east", start: start, end: start.adding(seconds: 3600), generationWh: produced, at: at,
                        issuer: "test")
                    let allocations = (0..<park.n).map { i in
                        ("m\(i)", direct.allocated(interval: h, member: i, generator: j)
                            + direct.allocated(interval: h + 1, member: i, generator: j))
                    }
                    events += try registry.transferAllocations(scheme: .granular, device: generator.id, start: start,
                                                               allocations: allocations, at: at)
                }
            }
            let ids = generators.map(\.id)
            for record in period.chargeRecords {
                if let away = takeAway {
                    // Some of the hour's certificates leave the generators first (sold by hand).
                    for j in ids.indices {
                        guard let n = registry.issueNumber(.granular, device: ids[j], start: record.hour),
                              let r = registry.issues[n].ranges.first(where: { $0.owner == ids[j] && $0.isActive }),
                              r.count > 1 else { continue }
                        let last = r.firstSerial + r.count * Int64(away) / 100
                        guard last >= r.firstSerial else { continue }
                        events += try registry.transfer(firstId: r.issue.id(r.firstSerial), lastId: r.issue.id(last),
                                                        from: ids[j], to: "x", at: at)
                    }
                }
                events += registry.cancelForStorage(record, device: "b\(record.device)", owner: "park",
                                                    generators: ids, certified: Set(ids)).events
            }
            for (k, record) in period.dischargeRecords.enumerated() {
                let recipients = period.dischargeRecipients[k]
                events += try registry.releaseFromStorage(
                    record, device: "b\(record.device)", owner: "park", generators: ids,
                    recipients: (0..<park.n).map { ("m\($0)", recipients[$0]) }, gridWh: recipients[park.n], at: at,
                    issuer: "test").events
            }
        }
        return (registry, events, periods)
    }

    /// Released certificates as (device, discharge hour, produced hour, storage device, owner, count), sorted.
    static func released(_ registry: CertificateRegistry) -> [String] {
        registry.ranges.filter { $0.origin == "storage" }.map {
            "\($0.device) \($0.productionStart) \($0.issue.storage!.producedStart) \($0.issue.storage!.storageDevice) "
                + "\($0.owner) \($0.count)"
        }.sorted()
    }

    @Test("cancelled = green charged, released = the accounting's, each member holds its green from storage")
    func balances() async {
        await propertyCheck(count: 100, input: RandomStoragePark.generator) { park in
            let (registry, events, periods) = try Self.certify(park, runs: [0..<RandomStoragePark.count])
            let period = periods[0]
            let ranges = registry.ranges
            let cancelled = ranges.filter(\.isCancelled).reduce(Int64(0)) { $0 + $1.count }
            #expect(cancelled == period.chargeRecords.reduce(0) { $0 + $1.greenWh })
            let released = ranges.filter { $0.origin == "storage" }
            // The accounting's released Wh, less at most one per green draw: a draw's share of its hour's
            // rounding can exceed its record's output at the efficiency by a Wh, which the ledger never releases.
            let accounted = period.dischargeRecords.reduce(0) { $0 + $1.releasedWh }
            let draws = period.dischargeRecords.reduce(0) { $0 + $1.draws.filter { $0.releasedWh > 0 }.count }
            let total = released.reduce(Int64(0)) { $0 + $1.count }
            #expect(total <= accounted && accounted - total <= Int64(draws), "\(total) of \(accounted)")
            for (i, member) in period.members.enumerated() {
                let held = released.filter { $0.owner == "m\(i)" }.reduce(Int64(0)) { $0 + $1.count }
                // Shared by largest remainder: a Wh less released can move one between members per record.
                #expect(abs(member.greenFromStorageWh - held) <= 2 * Int64(draws), "m\(i)")
            }
            #expect(Self.backed(park, registry))
            // Backed: per charge record and generator, never more released than cancelled.
            var balance: [String: Int64] = [:]
            for r in ranges {
                if case .cancelled(let record) = r.status { balance[record + r.device, default: 0] += r.count }
                if let storage = r.issue.storage { balance[storage.chargeRecord + r.device, default: 0] -= r.count }
            }
            #expect(balance.values.allSatisfy { $0 >= 0 }, "\(balance)")
            var replay = LedgerReplay()
            for (k, event) in events.enumerated() {
                try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data)
            }
            #expect(replay.problems(registry: registry, statements: []).isEmpty)
        }
    }

    @Test("certificates sold before the charge is certified: releases shrink in proportion, never above")
    func partlyCancelled() async {
        await propertyCheck(count: 60, input: zip(RandomStoragePark.generator, Gen.int(in: 0...99))) { park, away in
            try Self.checkPartlyCancelled(park, away: away)
        }
    }

    /// Per charge record and generator: released <= cancelled x the device's efficiency, rounded down.
    static func backed(_ park: RandomStoragePark, _ registry: CertificateRegistry) -> Bool {
        var cancelled: [String: Int64] = [:], released: [String: Int64] = [:]
        for r in registry.ranges {
            if case .cancelled(let record) = r.status { cancelled[record + "|" + r.device, default: 0] += r.count }
            if let storage = r.issue.storage { released[storage.chargeRecord + "|" + r.device, default: 0] += r.count }
        }
        return released.allSatisfy { key, out in
            // SC-p-b<k>-…: the device's efficiency.
            let k = Int(key.split(separator: "-")[2].dropFirst())!
            return out <= (cancelled[key] ?? 0) * park.efficiencies[k] / 1_000_000
        }
    }

    static func checkPartlyCancelled(_ park: RandomStoragePark, away: Int) throws {
        let certified = try Self.certify(park, runs: [0..<RandomStoragePark.count], takeAway: away)
        let registry = certified.registry
        let released = registry.ranges.filter { $0.origin == "storage" }.reduce(Int64(0)) { $0 + $1.count }
        #expect(released <= certified.periods[0].dischargeRecords.reduce(0) { $0 + $1.releasedWh })
        var balance: [String: Int64] = [:]
        for r in registry.ranges {
            if case .cancelled(let record) = r.status { balance[record + r.device, default: 0] += r.count }
            if let storage = r.issue.storage { balance[storage.chargeRecord + r.device, default: 0] -= r.count }
        }
        #expect(balance.values.allSatisfy { $0 >= 0 }, "\(balance)")
        #expect(Self.backed(park, registry))
        var replay = LedgerReplay()
        for (k, event) in certified.events.enumerated() {
            try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data)
        }
        #expect(replay.problems(registry: registry, statements: []).isEmpty)
    }

    @Test("two runs split on an hour release the same certificates to the same owners as one run")
    func splitRuns() async {
        await propertyCheck(count: 100, input: zip(RandomStoragePark.generator, Gen.int(in: 1...47))) { park, hour in
            let whole = try Self.certify(park, runs: [0..<RandomStoragePark.count]).registry
            let (split, events, _) = try Self.certify(park, runs: [0..<(hour * 2),
                                                                   (hour * 2)..<RandomStoragePark.count])
            #expect(Self.released(split) == Self.released(whole))
            var replay = LedgerReplay()
            for (k, event) in events.enumerated() {
                try replay.apply(sequence: Int64(k), kind: event.kind, data: event.data)
            }
            #expect(replay.problems(registry: split, statements: []).isEmpty)
        }
    }
}
