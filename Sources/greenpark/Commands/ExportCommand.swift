import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats

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
                guard let store = try parkOptions.openExistingStore(for: park) else {
                    throw ArgumentProblem(message: "\(parkOptions.databasePath): no store yet; import readings first")
                }
                let local = LocalTime(identifier: park.settings.timeZone)!
                func instant(_ text: String?, _ name: String, _ fallback: Timestamp) throws -> Timestamp {
                    guard let text else { return fallback }
                    guard let t = local.instant(text) else {
                        throw ArgumentProblem(message: "--\(name) \"\(text)\" is neither an ISO 8601 instant with offset nor a date YYYY-MM-DD")
                    }
                    return t
                }
                let known = park.meterCatalogue.map(\.id)
                for m in meter where !known.contains(m) {
                    throw ArgumentProblem(message: "--meter \(m): not a meter of park \(park.settings.id) (meters: \(known.joined(separator: ", ")))")
                }
                let spans = try store.meterSpans()
                let first = Timestamp(seconds: (spans.map(\.firstDay).min() ?? 0) * 86_400)
                let end = Timestamp(seconds: ((spans.map(\.lastDay).max() ?? 0) + 1) * 86_400)
                let fromInstant = try instant(from, "from", first)
                let toInstant = try instant(to, "to", end)
                guard fromInstant < toInstant else { throw ArgumentProblem(message: "--from must be before --to") }
                let handle: FileHandle
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: nil) , let h = FileHandle(forWritingAtPath: output) else {
                        throw ArgumentProblem(message: "cannot write \(output)")
                    }
                    handle = h
                } else {
                    handle = FileHandle.standardOutput
                }
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
