import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

extension GapPolicy: ExpressibleByArgument {}
extension CertificateScheme: ExpressibleByArgument {}

/// `--from`, `--to` and `--gaps`, shared by `allocate` and `run`.
struct PeriodOptions: ParsableArguments {
    @Option(help: "Start: an ISO 8601 instant with offset, or a date (local midnight in the park's time zone).")
    var from: String?

    @Option(help: "End (exclusive), like --from.")
    var to: String?

    @Option(help: "Intervals where a meter has no value: 'fail' (default: stop and list the gaps) or 'skip-interval' (leave them out for everyone).")
    var gaps: GapPolicy = .fail

    /// The period as instants; `fallback` gives the default when --from/--to are absent.
    func period(_ park: Park, fallback: () throws -> (Timestamp, Timestamp)) throws -> (Timestamp, Timestamp) {
        let local = LocalTime(identifier: park.settings.timeZone)!
        func parse(_ text: String, _ name: String) throws -> Timestamp {
            let t = try local.argument(text, name: name)
            guard t.seconds % park.settings.resolution.seconds == 0 else {
                throw ArgumentProblem(message: "--\(name) \(t) is not on the park's \(park.settings.resolution.minutes)-minute grid")
            }
            return t
        }
        let defaults = (from == nil || to == nil) ? try fallback() : (Timestamp(seconds: 0), Timestamp(seconds: 0))
        let start = try from.map { try parse($0, "from") } ?? defaults.0
        let end = try to.map { try parse($0, "to") } ?? defaults.1
        guard start < end else { throw ArgumentProblem(message: "--from must be before --to") }
        return (start, end)
    }
}

/// `greenpark allocate`: allocate a stored period.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Share the stored green generation among members, interval by interval, and store the result.",
        discussion: """
            Uses the park's allocation key (pro-rata, static, weighted, priority) exactly as
            DOMAIN.md 3 defines it, serves contracts first, and attributes every allocated Wh to
            a generator. Without --from/--to it covers every stored interval of the park's
            meters. Missing meter data never counts as zero: by default the run stops and lists
            the gaps. Running the same period again with the same data changes nothing.
            """
    )

    @OptionGroup var parkOptions: ParkOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: "Also write summary.json, allocations.csv and members.csv to this directory.")
    var out: String?

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let context = try parkOptions.existingContext(park)
            let (from, to) = try period.period(park) { try parkOptions.storedSpan(park, context.stores.readings) }
            let service = AllocationService(context: context)
            let result = try service.allocate(from: from, to: to, gaps: period.gaps)
            print("\(from) to \(to)")
            Render.allocation(result, park: park)
            if let out {
                try service.write(result, to: URL(fileURLWithPath: out, isDirectory: true), from: period.from ?? from.iso8601, to: period.to ?? to.iso8601)
                print("wrote \(out)/summary.json, allocations.csv, members.csv")
            }
        }
    }
}
