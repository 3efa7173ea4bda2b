import GreenParkCore

/// Issued periods whose generator readings changed since issuance: what `run` of the
/// period would correct. Only the generation side is checked here (the allocation side
/// needs the period allocated again, which `run` does).
public struct PendingCorrections: Sendable {
    public struct Item: Sendable {
        public var issue: CertificateIssue
        public var meteredWh: Int64
        public var nowWh: Int64
    }

    public var items: [Item] = []
    /// Issued periods where a meter of the park (a member's, or another generator's) was
    /// revised after issuance: the allocation, and so the transfers, may change.
    public var allocationPeriods: [CertificateIssue] = []

    public init(park: Park, stores: ParkStores, registry: CertificateRegistry) throws {
        let readings = stores.readings
        let meters = Dictionary(park.generators.map { ($0.id, $0.meter) }, uniquingKeysWith: { a, _ in a })
        var byDevice: [String: [CertificateRegistry.Entry]] = [:]
        for entry in registry.issues where entry.isOriginal && entry.meteredWh != nil {
            byDevice[entry.issue.device, default: []].append(entry)
        }
        for (device, entries) in byDevice.sorted(by: { $0.key < $1.key }) {
            guard let meter = meters[device], let first = entries.map(\.issue.productionStart).min(),
                  let last = entries.map(\.issue.productionEnd).max() else { continue }
            var days: [Int64: DayBlock] = [:]
            for block in try readings.days(meter: meter, in: first.utcDay..<(Timestamp(seconds: last.seconds - 1).utcDay + 1)) {
                days[block.day] = block
            }
            for entry in entries {
                var now: Int64 = 0
                var t = entry.issue.productionStart.seconds
                while t < entry.issue.productionEnd.seconds {
                    guard let block = days[Timestamp(seconds: t).utcDay] else { break }
                    let k = Int((t - block.day * 86_400) / block.intervalSeconds)
                    if block.quality[k] != .missing { now += block.energyWh[k] }
                    t += block.intervalSeconds
                }
                if now != entry.meteredWh { items.append(Item(issue: entry.issue, meteredWh: entry.meteredWh!, nowWh: now)) }
            }
        }
        allocationPeriods = try Self.revisedAfterIssuance(stores: stores, registry: registry)
            .filter { issue in !items.contains { $0.issue === issue } }
    }

    /// Issuances with a revision of any meter inside their period, imported after they were issued.
    static func revisedAfterIssuance(stores: ParkStores, registry: CertificateRegistry) throws -> [CertificateIssue] {
        let importedAt = Dictionary(try stores.readings.imports().map { ($0.id, $0.importedAt) }, uniquingKeysWith: { a, _ in a })
        let checks = try stores.certificates.certificateChecks()
        let issues = registry.issues.filter(\.isOriginal).map(\.issue)
            .sorted { $0.productionStart < $1.productionStart }
        var found: [Int: CertificateIssue] = [:]
        for revision in try stores.readings.revisions() {
            guard let at = importedAt[revision.importId] else { continue }
            // A run of the period after the revision compared its certificates with it already.
            if checks.contains(where: { $0.from <= revision.intervalStart && revision.intervalStart < $0.to && $0.at >= at }) {
                continue
            }
            // Issuances starting at or before the interval (sorted), whose period holds it.
            var low = 0, high = issues.count
            while low < high {
                let middle = (low + high) / 2
                if issues[middle].productionStart <= revision.intervalStart { low = middle + 1 } else { high = middle }
            }
            var k = low - 1
            while k >= 0 && issues[k].productionStart.seconds > revision.intervalStart.seconds - 32 * 86_400 {
                let issue = issues[k]
                if revision.intervalStart < issue.productionEnd && issue.issuedAt < at { found[issue.number] = issue }
                k -= 1
            }
        }
        return found.values.sorted { ($0.productionStart, $0.number) < ($1.productionStart, $1.number) }
    }
}
