import GreenParkCore
import GreenParkStore

/// Issued periods whose generator readings changed since issuance: what `run` of the
/// period would correct. Only the generation side is checked here (the allocation side
/// needs the period allocated again, which `run` does).
struct PendingCorrections {
    struct Item {
        var issue: CertificateIssue
        var meteredWh: Int64
        var nowWh: Int64
    }

    var items: [Item] = []

    init(park: Park, store: SQLiteReadingStore, registry: CertificateRegistry) throws {
        let meters = Dictionary(park.generators.map { ($0.id, $0.meter) }, uniquingKeysWith: { a, _ in a })
        var byDevice: [String: [CertificateRegistry.Entry]] = [:]
        for entry in registry.issues where entry.supplements == nil && entry.meteredWh != nil {
            byDevice[entry.issue.device, default: []].append(entry)
        }
        for (device, entries) in byDevice.sorted(by: { $0.key < $1.key }) {
            guard let meter = meters[device], let first = entries.map(\.issue.productionStart).min(),
                  let last = entries.map(\.issue.productionEnd).max() else { continue }
            var days: [Int64: DayBlock] = [:]
            for block in try store.days(meter: meter, in: first.utcDay..<(Timestamp(seconds: last.seconds - 1).utcDay + 1)) {
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
    }
}
