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
            let store = try parkOptions.openStore()
            print("store: \(parkOptions.databasePath)")
            guard let identity = try store.parkIdentity() else {
                print("empty: nothing imported yet")
                return
            }
            print("park \(identity.parkId), \(identity.resolutionMinutes)-minute intervals")
            let spans = Dictionary(uniqueKeysWithValues: try store.meterSpans().map { ($0.meter, $0) })
            for meter in park.meterCatalogue {
                guard let span = spans[meter.id] else { print("  \(meter.id): no data"); continue }
                let blocks = try store.days(meter: meter.id, in: span.firstDay..<(span.lastDay + 1))
                let total = blocks.reduce(Int64(0)) { sum, b in sum + zip(b.energyWh, b.quality).reduce(0) { $0 + ($1.1 == .missing ? 0 : $1.0) } }
                let present = blocks.reduce(0) { $0 + $1.presentCount }
                let expected = (Int(span.lastDay - span.firstDay) + 1) * park.settings.resolution.intervalsPerDay
                let flagged = blocks.reduce(0) { $0 + $1.quality.filter { $0 > .measured }.count }
                print("  \(meter.id): \(CivilDate(daysSinceEpoch: span.firstDay)) to \(CivilDate(daysSinceEpoch: span.lastDay)) (UTC), \(Terminal.mwh(total)) MWh, \(Terminal.grouped(expected - present)) intervals missing, \(Terminal.grouped(flagged)) estimated or split")
            }
            let imports = try store.imports()
            print("imports: \(imports.count)")
            for record in imports.suffix(10) {
                print("  #\(record.id) \(record.importedAt) \(record.fileName) (\(record.format), \(Terminal.grouped(record.rows)) rows: +\(record.added) ~\(record.replaced) =\(record.unchanged) est \(record.estimated))")
            }
        }
    }
}
