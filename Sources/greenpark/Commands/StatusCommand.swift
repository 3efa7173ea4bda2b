import ArgumentParser
import GreenParkCore
import GreenParkFormats

/// `greenpark status`: what the store holds.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the park's store holds: meters, days covered, missing intervals, imports."
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
        }
    }
}
