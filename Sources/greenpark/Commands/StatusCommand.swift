import ArgumentParser
import GreenParkCore
import GreenParkFormats
import GreenParkServices

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
            guard let database = try parkOptions.openExistingDatabase(for: park) else {
                print("empty: nothing imported yet")
                return
            }
            let status = try StatusService(context: try parkOptions.context(park, database: database)).report()
            guard let identity = status.identity else {
                print("empty: nothing imported yet")
                return
            }
            print("park \(identity.parkId), \(identity.resolutionMinutes)-minute intervals")
            for meter in status.meters {
                guard let span = meter.span else { print("  \(meter.id): no data"); continue }
                print("  \(meter.id): \(span.first) to \(span.end), \(Terminal.mwh(meter.energyWh)) MWh, "
                    + "\(Terminal.count(meter.missingIntervals, "interval")) missing, "
                    + "\(Terminal.grouped(meter.flaggedIntervals)) estimated or split")
            }
            print("imports: \(status.imports.count)")
            for record in status.imports.suffix(10) {
                print("  #\(record.id) \(record.importedAt) \(record.fileName) (\(record.format), "
                    + "\(Terminal.grouped(record.rows)) rows: +\(record.added) ~\(record.replaced) =\(record.unchanged) "
                    + "est \(record.estimated))")
            }
            guard status.issuances > 0 else { return }
            print("certificates: \(Terminal.count(status.issuances, "issuance")); "
                + "\(Terminal.grouped(status.active)) active, \(Terminal.grouped(status.redeemed)) redeemed, "
                + "\(Terminal.grouped(status.withdrawn)) withdrawn"
                + (status.cancelled > 0 ? ", \(Terminal.grouped(status.cancelled)) cancelled for storage charge" : ""))
            print("corrections: \(status.corrections.count)")
            for c in status.corrections.suffix(10) { print("  \(c.summary)") }
            guard let found = status.pending else { return }
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
