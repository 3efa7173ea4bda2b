import ArgumentParser
import GreenParkCore
import GreenParkFormats

/// `greenpark status`: what the store holds.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the park's store holds: meters, days covered, missing intervals, imports, certificates.",
        discussion: """
            Also lists the corrections made to issued certificates, and issued periods whose
            generation readings changed since issuance (run the period again to correct them).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            print("store: \(parkOptions.databasePath)")
            guard let store = try parkOptions.openExistingStore(for: park), let identity = try store.parkIdentity() else {
                print("empty: nothing imported yet")
                return
            }
            print("park \(identity.parkId), \(identity.resolutionMinutes)-minute intervals")
            let spans = Dictionary(uniqueKeysWithValues: try store.meterSpans().map { ($0.meter, $0) })
            for meter in park.meterCatalogue {
                guard let span = spans[meter.id] else { print("  \(meter.id): no data"); continue }
                let totals = StoredTotals(try store.days(meter: meter.id, in: span.firstDay..<(span.lastDay + 1)))
                guard let first = totals.first, let last = totals.last else { print("  \(meter.id): no data"); continue }
                let expected = Int((last.seconds - first.seconds) / park.settings.resolution.seconds) + 1
                print("  \(meter.id): \(first) to \(last.adding(seconds: park.settings.resolution.seconds)), \(Terminal.mwh(totals.energyWh)) MWh, \(Terminal.count(expected - totals.present, "interval")) missing, \(Terminal.grouped(totals.flagged)) estimated or split")
            }
            let imports = try store.imports()
            print("imports: \(imports.count)")
            for record in imports.suffix(10) {
                print("  #\(record.id) \(record.importedAt) \(record.fileName) (\(record.format), \(Terminal.grouped(record.rows)) rows: +\(record.added) ~\(record.replaced) =\(record.unchanged) est \(record.estimated))")
            }
            let registry = try store.loadRegistry(parkId: park.settings.id)
            guard !registry.issues.isEmpty else { return }
            let certificates = registry.ranges
            let count = { (keep: (CertificateRange) -> Bool) in certificates.filter(keep).reduce(Int64(0)) { $0 + $1.count } }
            print("certificates: \(Terminal.count(registry.issues.count, "issuance")); "
                + "\(Terminal.grouped(count { $0.isActive })) active, \(Terminal.grouped(count { $0.isRedeemed })) redeemed, "
                + "\(Terminal.grouped(count { $0.isWithdrawn })) withdrawn")
            let corrections = try store.corrections()
            print("corrections: \(corrections.count)")
            for c in corrections.suffix(10) { print("  \(c.summary)") }
            let found = try PendingCorrections(park: park, store: store, registry: registry)
            let pending = found.items
            if !pending.isEmpty {
                print("readings changed since issuance in \(Terminal.count(pending.count, "period")); "
                    + "run those periods again to correct their certificates:")
                for item in pending.prefix(10) {
                    print("  \(item.issue.device) \(item.issue.scheme.rawValue) \(item.issue.productionStart.iso8601) to "
                        + "\(item.issue.productionEnd.iso8601): issued for \(item.meteredWh) Wh, metered now \(item.nowWh) Wh")
                }
                if pending.count > 10 { print("  ... and \(pending.count - 10) more") }
            }
            if !found.allocationPeriods.isEmpty {
                let periods = found.allocationPeriods
                print("readings revised since issuance in \(Terminal.count(periods.count, "issued period")) "
                    + "(\(periods[0].productionStart.iso8601) to \(periods[periods.count - 1].productionEnd.iso8601)): "
                    + "their allocation, and so the members' transfers, may change; run those periods again")
            }
        }
    }
}
