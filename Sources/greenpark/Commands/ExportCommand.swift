import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark export ...`: get stored data out.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored data back out as CSV.",
        subcommands: [Readings.self]
    )

    struct Readings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write stored readings as long CSV: meter_id,interval_start,energy_wh,quality.",
            discussion: """
                --from and --to take ISO 8601 instants (2023-05-01T00:00:00+08:00) or dates
                (2023-05-01), which mean local midnight in the park's time zone. --to is exclusive.
                Missing intervals are not written; estimated and split values keep their flag.
                """
        )

        @OptionGroup var parkOptions: ParkOptions

        @Option(help: "First instant or local date (default: the first stored).")
        var from: String?

        @Option(help: "End instant or local date, exclusive (default: after the last stored).")
        var to: String?

        @Option(help: "Only this meter (repeat for several). Default: every meter of the park.")
        var meter: [String] = []

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            try Terminal.run {
                let park = try parkOptions.loadPark()
                let store = try parkOptions.existingContext(park).stores.readings
                let local = LocalTime(identifier: park.settings.timeZone)!
                let known = park.meterCatalogue.map(\.id)
                for m in meter where !known.contains(m) {
                    throw ArgumentProblem(message: "--meter \(m): not a meter of park \(park.settings.id) (meters: \(known.joined(separator: ", ")))")
                }
                // Nothing stored for these meters yet: an empty export (the header only).
                let (first, end) = (try? parkOptions.storedSpan(park, store)) ?? (Timestamp(seconds: 0), Timestamp(seconds: 86_400))
                let fromInstant = try from.map { try local.argument($0, name: "from") } ?? first
                let toInstant = try to.map { try local.argument($0, name: "to") } ?? end
                guard fromInstant < toInstant else { throw ArgumentProblem(message: "--from must be before --to") }
                let handle = try Terminal.output(output)
                let rows = try ReadingsExporter(store: store).export(
                    meters: meter.isEmpty ? known : meter, from: fromInstant, to: toInstant, to: handle)
                if output != nil { Terminal.warn("\(output!): \(Terminal.grouped(rows)) rows") }
            }
        }
    }
}

/// A command-line argument that does not make sense for this park.
struct ArgumentProblem: GreenParkError {
    var message: String
    var code: String { "cli.argument" }
}
