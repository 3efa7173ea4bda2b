import Foundation
import GreenParkCore

extension EvidenceVerifier {
    /// The member's data rebuilt from the pack: a one-member park, its period data and
    /// its allocation outcome.
    struct MemberRun {
        var park: Park
        var data: PeriodData
        var outcome: AllocationOutcome
        /// The park's total consumption per interval; nil when the pack leaves it out
        /// (a park of fewer than ``EvidencePack/minimumMembersForParkTotals`` members).
        var parkTotal: [Int64]?
        /// What the member took from the park's storage (a park with storage), as packed.
        var storage: StorageSupply?
    }

    mutating func recompute(_ manifest: Manifest) throws {
        guard let memberId = manifest.text("member"), let fromText = manifest.text("from"), let toText = manifest.text("to"),
              case .success(let from) = Timestamp.parseISO8601(fromText), case .success(let to) = Timestamp.parseISO8601(toText) else {
            throw EvidenceError(message: "the manifest lacks member, from or to")
        }
        guard let yaml = files["park/park.yaml"] else { throw EvidenceError(message: "park/park.yaml is missing") }
        // Files the park file names are read from the pack only, never from this machine.
        let reader = self
        let park = try ParkFile.parse(yaml: String(decoding: yaml, as: UTF8.self), fileName: "park/park.yaml",
                                      readFile: { try reader.packedText(named: $0) }).park
        let step = park.settings.resolution.seconds
        guard from < to, from.seconds % step == 0, to.seconds % step == 0,
              to.seconds - from.seconds <= PeriodData.maximumDays * 86_400 else {
            throw EvidenceError(message: "the manifest's period \(fromText) to \(toText) is empty, too long or off the park's \(park.settings.resolution.minutes)-minute grid")
        }
        guard let member = park.members.first(where: { $0.id == memberId }) else { throw EvidenceError(message: "\(memberId) is not a member of the packed park file") }
        let run = try rebuild(park: park, member: member, from: from, to: to)
        checkAllocation(run, key: park.allocation.key)
        try checkEmissions(run, park: park)
    }

    func rebuild(park: Park, member: Member, from: Timestamp, to: Timestamp) throws -> MemberRun {
        let step = park.settings.resolution.seconds
        let count = Int((to.seconds - from.seconds) / step)
        let m = park.generators.count
        func readings(_ path: String) throws -> [String: [Int64]] {
            var series: [String: [Int64]] = [:]
            for (line, f) in try EvidenceTables.rows(files[path], path, header: "meter_id,interval_start,energy_wh") {
                guard f.count >= 3 else { throw EvidenceError(message: "\(path):\(line): expected meter_id,interval_start,energy_wh,quality") }
                let t = try EvidenceTables.interval(try EvidenceTables.instant(f[1], path, line), from: from, step: step, count: count, path, line)
                let wh = try EvidenceTables.integer(f[2], path, line)
                guard wh >= 0, wh <= PeriodData.maximumTotalWh else {
                    throw EvidenceError(message: "\(path):\(line): \(wh) Wh is not a reading (0 to 10^15 Wh)")
                }
                series[String(f[0]), default: Array(repeating: 0, count: count)][t] = wh
            }
            return series
        }
        let memberMeters = try readings("readings/member.csv"), generatorMeters = try readings("readings/generators.csv")
        var consumption = [Int64](repeating: 0, count: count), generation = [Int64](repeating: 0, count: count * m)
        for meter in member.meters {
            guard let values = memberMeters[meter] else { continue }
            for t in 0..<count {
                consumption[t] = try EvidenceTables.sum(consumption[t], values[t], "readings/member.csv")
            }
        }
        for (j, g) in park.generators.enumerated() {
            if let values = generatorMeters[g.meter] { for t in 0..<count { generation[t * m + j] = values[t] } }
        }
        let (total, excluded) = try intervals(park: park, from: from, step: step, count: count)
        var problem = AllocationProblem(memberCount: 1, generatorCount: m, intervalCount: count,
                                        consumption: consumption, generation: generation)
        problem.excluded = excluded
        let data = PeriodData(from: from, to: to, resolution: park.settings.resolution, problem: problem,
                              meterConsumption: member.installations.isEmpty ? [:] : memberMeters)
        try data.checkTotals()
        var bySource = [Int64](repeating: 0, count: count * m)
        let ids = Dictionary(uniqueKeysWithValues: park.generators.enumerated().map { ($1.id, $0) })
        for (line, f) in try EvidenceTables.rows(files["allocation/allocations.csv"], "allocation/allocations.csv", header: EvidenceTables.allocationsHeader) {
            guard f.count == 3, let j = ids[String(f[1])] else { throw EvidenceError(message: "allocation/allocations.csv:\(line): unknown generator or wrong field count") }
            let t = try EvidenceTables.interval(try EvidenceTables.instant(f[0], "allocation/allocations.csv", line), from: from, step: step, count: count, "allocation/allocations.csv", line)
            let wh = try EvidenceTables.integer(f[2], "allocation/allocations.csv", line)
            // Never more than the generator produced: what no allocation can be is refused here,
            // before any sum (the bounds are checked again, interval by interval, below).
            guard wh >= 0, wh <= generation[t * m + j] else {
                throw EvidenceError(message: "allocation/allocations.csv:\(line): \(wh) Wh from \(f[1]) is more than "
                                        + "it produced (\(generation[t * m + j]) Wh) or negative")
            }
            bySource[t * m + j] = wh
        }
        let allocated = try (0..<count).map { t in
            try (0..<m).reduce(Int64(0)) {
                try EvidenceTables.sum($0, bySource[t * m + $1], "allocation/allocations.csv")
            }
        }
        var sub = park
        sub.members = [member]
        let outcome = AllocationOutcome(memberCount: 1, generatorCount: m, intervalCount: count, allocated: allocated, bySource: bySource,
                                        surplus: Array(repeating: 0, count: count), excluded: excluded)
        let storage = try storageSupply(from: from, step: step, count: count, consumption: consumption,
                                        allocated: allocated)
        return MemberRun(park: sub, data: data, outcome: outcome, parkTotal: total, storage: storage)
    }

    /// Pro-rata: each interval's allocation is the exact share `min(G, sum C) x C_i / sum C`
    /// rounded down or up (the largest-remainder Wh depends on other members' remainders,
    /// which a pack does not hold). Every key: never above the member's consumption, and
    /// never more from a generator than it produced.
    mutating func checkAllocation(_ run: MemberRun, key: AllocationKeyName) {
        let m = run.data.problem.generatorCount
        var wrong: [String] = [], count = 0
        for t in 0..<run.data.problem.intervalCount where !run.data.problem.excluded[t] {
            let c = run.data.problem.consumption[t], a = run.outcome.allocated[t], total = run.parkTotal?[t] ?? c
            let stored = run.storage?.fromStorage[t] ?? 0
            var g: Int64 = 0
            var fine = a >= 0 && a + stored <= c && c <= total
            for j in 0..<m {
                let produced = run.data.problem.generation[t * m + j]
                g += produced
                if run.outcome.bySource[t * m + j] > produced || run.outcome.bySource[t * m + j] < 0 { fine = false }
            }
            if fine && key == .proRata && run.parkTotal != nil && run.storage == nil && total > 0 {
                let d = min(g, total)
                let (q, r) = ExactArithmetic.mulDiv(d, c, total)
                fine = a == q || (r > 0 && a == q + 1)
            }
            if !fine {
                count += 1
                if wrong.count < 5 { wrong.append("\(run.data.start(ofInterval: t).iso8601): allocated \(a) Wh of consumption \(c) Wh (park \(total) Wh, generation \(g) Wh)") }
            }
        }
        let scope = run.storage != nil
            ? "key \(key.rawValue) with storage: bounds checked (what the members received from the generators and "
                + "from storage together; the exact share needs the park's storage discharge, which a pack does "
                + "not hold)"
            : run.parkTotal == nil
            ? "key \(key.rawValue): bounds checked; the park has fewer than "
                + "\(EvidencePack.minimumMembersForParkTotals) members, so the pack leaves out the park's total "
                + "consumption (it would reveal the other member's) and the exact share cannot be recomputed"
            : key == .proRata
            ? "pro-rata shares recomputed from the readings and the park's total consumption, exact to the rounding Wh"
            : "key \(key.rawValue): bounds checked (the exact split needs other members' parameters and data, which a pack does not hold)"
        record("allocation", count == 0, count == 0 ? scope : "\(count) interval(s) differ: " + wrong.joined(separator: "; "))
    }

    /// Scope 2 rows, and CBAM rows for a member with installations, recomputed exactly.
    mutating func checkEmissions(_ run: MemberRun, park: Park) throws {
        // Factor files the park file names are read from the pack; a path out of it is refused.
        let table = try EmissionFactorSources.table(for: park, readFile: { try packedText(named: $0) })
        let (location, residual) = try EmissionFactorSources.series(
            for: park, table: table, from: run.data.from, to: run.data.to, readFile: { try packedText(named: $0) })
        let local = LocalTime(identifier: park.settings.timeZone)!
        let periods = ReportingPeriods.of(from: run.data.from, to: run.data.to, local: local)
        let energy = HourlyEnergy.of(data: run.data, outcome: run.outcome,
                                     hourOffset: local.hourOffset(at: run.data.from),
                                     rates: try DirectRates.millionths(run.park), storage: run.storage).members[0]
        let member = run.park.members[0].id
        let rows = Scope2Calculator(location: location, residual: residual, gridCFEShare: park.emissionFactors.gridCFEShare)
            .rows(member: member, energy: energy,
                  instruments: try instruments(member: member, rates: DirectRates.byDevice(run.park)),
                  periods: [periods.whole] + periods.months)
        compare("scope2", recomputed: Scope2Writer.csv(rows), packed: "emissions/scope2.csv")
        if run.park.members[0].installations.isEmpty { return }
        guard let production = files["emissions/production.csv"] else { record("cbam", false, "emissions/production.csv is missing"); return }
        let rowsOfProduction = try CBAMProductionReader.parse(String(decoding: production, as: UTF8.self), file: "emissions/production.csv", park: run.park)
        let gridFactor = try table.resolve(park.emissionFactors.cbam, year: park.emissionFactors.year)
        let results = try CBAMCalculator.run(park: run.park, data: run.data, outcome: run.outcome,
                                             production: rowsOfProduction, gridFactor: gridFactor, storage: run.storage)
        let writer = CBAMWriter(park: run.park, period: periods.whole.label, from: run.data.from, to: run.data.to, gridFactor: gridFactor, results: results)
        compare("cbam", recomputed: writer.csv(), packed: "emissions/cbam.csv")
    }

    /// Compares a recomputed CSV with the pack's, line by line.
    mutating func compare(_ name: String, recomputed: String, packed path: String) {
        guard let data = files[path] else { record(name, false, "\(path) is missing"); return }
        let mine = recomputed.split(separator: "\n"), theirs = String(decoding: data, as: UTF8.self).split(separator: "\n")
        var differences: [String] = []
        for k in 0..<max(mine.count, theirs.count) where (k < mine.count ? mine[k] : "") != (k < theirs.count ? theirs[k] : "") {
            if differences.count < 3 { differences.append("line \(k + 1): pack has \"\(k < theirs.count ? theirs[k] : "")\", recomputed \"\(k < mine.count ? mine[k] : "")\"") }
        }
        record(name, differences.isEmpty, differences.isEmpty ? "\(path) recomputed from the raw data: identical, \(theirs.count - 1) row\(theirs.count == 2 ? "" : "s")" : differences.joined(separator: "; "))
    }
}

extension EvidenceVerifier {
    /// The member's energy from storage as packed (`allocation/storage.csv`, nil when the pack
    /// has none): per interval at most what the generators left of its consumption, and the
    /// green part at most what it took. The green Wh themselves are the operator's accounting
    /// (the ledger extract holds the certificates released for them).
    func storageSupply(from: Timestamp, step: Int64, count: Int, consumption: [Int64], allocated: [Int64]) throws
        -> StorageSupply? {
        let path = EvidenceTables.storagePath
        guard let file = files[path] else { return nil }
        var taken = [Int64](repeating: 0, count: count), green = taken
        for (line, f) in try EvidenceTables.rows(file, path, header: EvidenceTables.storageHeader) {
            guard f.count == 3 else {
                throw EvidenceError(message: "\(path):\(line): expected \(EvidenceTables.storageHeader)")
            }
            let t = try EvidenceTables.interval(try EvidenceTables.instant(f[0], path, line), from: from, step: step,
                                                count: count, path, line)
            let wh = try EvidenceTables.integer(f[1], path, line), part = try EvidenceTables.integer(f[2], path, line)
            guard wh >= 0, part >= 0, part <= wh, wh <= consumption[t] - allocated[t] else {
                throw EvidenceError(message: "\(path):\(line): \(wh) Wh from storage (\(part) Wh green) is negative, "
                                        + "has more green than energy, or is more than the consumption the generators "
                                        + "left (\(consumption[t] - allocated[t]) Wh)")
            }
            taken[t] = wh
            green[t] = part
        }
        return StorageSupply(fromStorage: taken, green: green)
    }
}
