import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkServices

/// `greenpark dr`: the operator's view of the park's OpenADR 3 VTN (docs/demand-response.md).
struct DemandResponseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dr",
        abstract: "Demand response: list the VTN's programs, events and reports; add programs and events.",
        discussion: """
            The park's server (greenpark serve) is an OpenADR 3 VTN under /openadr3:
            the operator (the business logic) sends programs and events to the
            members' systems (VENs), which answer with reports. These commands work
            on the park's store directly, as the operator. Events added here are
            served at once, but subscribers are notified only of changes made
            through the server's API: notifications are sent by the server only.
            See docs/demand-response.md.
            """,
        subcommands: [Programs.self, Events.self, Reports.self, Program.self, Event.self, Settle.self,
                      Join.self])

    struct Programs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the programs: id, name, created.")
        @OptionGroup var parkOptions: ParkOptions

        func run() throws {
            try Terminal.run {
                let service = DemandResponseService(context: try parkOptions.context(try parkOptions.loadPark()))
                for program in try service.programs() {
                    print([program["id"], program["programName"], program["createdDateTime"]]
                        .map { $0?.string ?? "-" }.joined(separator: "\t"))
                }
            }
        }
    }

    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the events: id, program, name, start, intervals, payload types.")
        @OptionGroup var parkOptions: ParkOptions

        func run() throws {
            try Terminal.run {
                let service = DemandResponseService(context: try parkOptions.context(try parkOptions.loadPark()))
                for event in try service.events() {
                    let types = Set(event.intervals.flatMap { $0.payloads.map(\.type) }).sorted()
                    print([event.id, event.programID, event.name ?? "-", event.span?.start.iso8601 ?? "-",
                           "\(event.intervals.count) intervals", types.joined(separator: ",")].joined(separator: "\t"))
                }
            }
        }
    }

    struct Reports: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the members' reports: id, event, member, client name, resources, intervals.")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "Only the reports of this event (its id).") var event: String?

        func run() throws {
            try Terminal.run {
                let service = DemandResponseService(context: try parkOptions.context(try parkOptions.loadPark()))
                for report in try event.map(service.reports(for:)) ?? service.reports() {
                    print([report.id, report.eventID, report.member ?? "operator", report.clientName,
                           "\(report.resources.count) resources",
                           "\(report.resources.map(\.intervals.count).reduce(0, +)) intervals"]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Program: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add programs.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a program (its name is unique in the VTN); prints its id.")
            @OptionGroup var parkOptions: ParkOptions
            @Option(help: "The program's name, e.g. peak-shaving.") var name: String
            @Option(help: ArgumentHelp("A URL describing the program.", valueName: "url")) var url: String?

            func run() throws {
                try Terminal.run {
                    let service = DemandResponseService(context: try parkOptions.context(try parkOptions.loadPark()))
                    let program = try service.addProgram(name: name, description: url)
                    print("program \(program["id"]?.string ?? "-") (\(name)) added")
                }
            }
        }
    }

    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add events.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an event to a program: N intervals of a duration from a start, each with payloads.",
                discussion: """
                    Example: ask every VEN to keep its import at or below 500 kW for
                    an hour in four quarter-hours, the last one at 800 kW:
                      greenpark dr event add --park park.yaml --program peak-shaving \\
                        --start 2026-07-01T10:00:00Z --intervals 4 --duration PT15M \\
                        --payload IMPORT_CAPACITY_LIMIT:KW=500,500,500,800
                    --payload TYPE[:UNITS]=VALUES: an OpenADR payload type
                    (IMPORT_CAPACITY_LIMIT, EXPORT_CAPACITY_LIMIT, PRICE, SIMPLE, ...),
                    its units (for the payload descriptor), and one value for every
                    interval or one per interval, comma-separated. Repeat --payload for
                    more types. The event is stored at once; subscribers are not
                    notified (notifications are sent by the server only).
                    """)
            @OptionGroup var parkOptions: ParkOptions
            @Option(help: "The program's name or id.") var program: String
            @Option(help: ArgumentHelp("The first interval's start (ISO 8601, or a date: local midnight).",
                                       valueName: "instant")) var start: String
            @Option(help: "How many intervals.") var intervals: Int
            @Option(help: ArgumentHelp("Each interval's length (ISO 8601: PT15M, PT1H).", valueName: "duration"))
            var duration: String
            @Option(help: ArgumentHelp("TYPE[:UNITS]=VALUE[,VALUE...] (repeatable).", valueName: "payload"))
            var payload: [String]
            @Option(help: "The event's name.") var name: String?
            @Option(help: "The event's priority (0 is the highest).") var priority: Int?

            func run() throws {
                try Terminal.run {
                    let park = try parkOptions.loadPark()
                    let context = try parkOptions.context(park)
                    let from = try context.local.argument(start, name: "start")
                    guard let seconds = DemandResponseDuration.seconds(duration), seconds > 0 else {
                        throw ArgumentProblem(message: "--duration must be a positive ISO 8601 duration such as PT15M")
                    }
                    let payloads = try payload.map(Self.payload)
                    let event = try DemandResponseService(context: context).addEvent(.init(
                        program: program, name: name, start: from, count: intervals, seconds: seconds,
                        payloads: payloads, priority: priority))
                    print("event \(event.id) added to program \(event.programID): \(event.intervals.count) intervals "
                        + "of \(duration) from \(from.iso8601)")
                }
            }

            /// `TYPE[:UNITS]=VALUE[,VALUE...]`.
            static func payload(_ text: String) throws -> (type: String, units: String?, values: [Double]) {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                let head = parts.first?.split(separator: ":", maxSplits: 1).map(String.init) ?? []
                let values = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
                guard parts.count == 2, let type = head.first, !type.isEmpty, !values.isEmpty,
                      values.count == parts[1].split(separator: ",").count else {
                    throw ArgumentProblem(message: "--payload \(text): give TYPE[:UNITS]=VALUE[,VALUE...], e.g. "
                        + "IMPORT_CAPACITY_LIMIT:KW=500")
                }
                return (type, head.count == 2 ? head[1] : nil, values)
            }
        }
    }
}
