import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkMetering
import GreenParkServices
import Logging
import ServiceLifecycle

/// `greenpark poll`: read the park's meters over Modbus TCP and DL/T 645-2007.
struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Read the park's meters over Modbus TCP and DL/T 645-2007 and store their interval energy.",
        discussion: "Meters with a `poll:` entry in the park file's `meters:` are read every period_seconds "
            + "(docs/telemetry.md). Each read of the cumulative energy register is interpolated to the interval "
            + "boundaries; the intervals go through exactly the validation of `greenpark import` and are stored "
            + "with their quality (measured, or interpolated where the reads around a boundary lie more than three "
            + "periods apart, or estimated around a meter replacement). Gaps longer than "
            + "telemetry.max_gap_minutes, rollovers, replacements and dead meters are stored as meter events "
            + "(--events). Register states are stored with the intervals, so a restart resumes where polling "
            + "stopped, without a gap and without counting anything twice.\n\n"
            + "Runs until SIGINT or SIGTERM (then stores what it gathered); --once reads each meter once, stores, "
            + "prints a table and exits (1 when a meter failed): run it from cron if a resident poller is not "
            + "wanted. `greenpark serve` runs the same poller inside the server; one poller per store."
    )

    @OptionGroup var parkOptions: ParkOptions

    @Flag(help: "Read each meter once, store, print the table and exit.")
    var once = false

    @Option(help: ArgumentHelp("Print the last n meter events (gaps, rollovers, replacements, dead meters) and exit.",
                               valueName: "n"))
    var events: Int?

    @Option(help: ArgumentHelp("With --events: only this meter's.", valueName: "id"))
    var meter: String?

    @Option(help: ArgumentHelp("Seconds between status lines (0: none).", valueName: "s"))
    var statusSeconds = 60.0

    @Option(help: ArgumentHelp("Seconds between writes of the gathered intervals to the store.", valueName: "s"))
    var flushSeconds = 5.0

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel = "notice"

    func run() throws {
        try Terminal.run {
            guard statusSeconds >= 0, flushSeconds >= 0.05, flushSeconds <= 3600, events.map({ $0 > 0 }) ?? true,
                  let level = Logger.Level(rawValue: logLevel) else {
                throw ArgumentProblem(message: "--status-seconds >= 0, --flush-seconds 0.05-3600, --events > 0 and a "
                    + "log level of trace, debug, info, notice, warning or error")
            }
            let file = try parkOptions.loadParkFile()
            let database = try parkOptions.checked(parkOptions.openDatabase(), for: file.park)
            let context = try parkOptions.context(file.park, database: database)
            if let events {
                return print(Self.render(try context.stores.readings.meterEvents(meter: meter, limit: events)))
            }
            guard !file.polling.meters.isEmpty else {
                throw ArgumentProblem(
                    message: "\(parkOptions.park) has no meter with a poll: entry; see docs/telemetry.md")
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let lock = try PollLock(databasePath: parkOptions.databasePath)
            defer { withExtendedLifetime(lock) {} }
            let telemetry = try TelemetryService(context: context, polling: file.polling)
            let poller = MeterPoller(telemetry: telemetry, flushSeconds: flushSeconds)
            if once {
                nonisolated(unsafe) var statuses: [MeterStatus] = []
                try ServeCommand.wait { statuses = try await poller.pollOnce() }
                print(Self.render(statuses))
                if statuses.contains(where: { $0.failed > 0 }) { throw ExitCode(1) }
                return
            }
            Terminal.warn("greenpark: polling \(file.polling.meters.count) meters of \(file.park.settings.id); "
                + "SIGINT or SIGTERM stops")
            let statusSeconds = self.statusSeconds
            try ServeCommand.wait {
                let group = ServiceGroup(configuration: .init(
                    services: [.init(service: MeterPollingService(poller: poller))],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "greenpark.poll")))
                let status = Task {
                    while statusSeconds > 0, !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(Int64(statusSeconds * 1000)))
                        Terminal.warn(Self.summary(poller.status))
                    }
                }
                defer { status.cancel() }
                try await group.run()
            }
            Terminal.warn(Self.summary(poller.status))
            try database.pool.close()
        }
    }

    /// One line: reads, failures, missed slots, dead meters.
    static func summary(_ statuses: [MeterStatus]) -> String {
        let dead = statuses.filter(\.isDead).map(\.meter)
        return "polled \(statuses.count) meters: \(statuses.map(\.succeeded).reduce(0, +)) reads, "
            + "\(statuses.map(\.failed).reduce(0, +)) failed, \(statuses.map(\.missed).reduce(0, +)) missed slots, "
            + "\(dead.count) dead\(dead.isEmpty ? "" : ": " + dead.prefix(20).joined(separator: ", "))"
    }

    static func render(_ statuses: [MeterStatus]) -> String {
        var lines = ["meter\tregister_kwh\tok\tfailed\tdead\tendpoint\tlast_error"]
        for status in statuses {
            let kWh = status.lastWattHours.map { DecimalText.thousandths($0) } ?? "-"
            let dead = status.isDead ? "yes" : "no"
            lines.append("\(status.meter)\t\(kWh)\t\(status.succeeded)\t\(status.failed)\t\(dead)"
                + "\t\(status.endpoint)\t\(status.lastError ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ events: [MeterEventRecord]) -> String {
        var lines = ["time\tmeter\tevent\tenergy_kwh\tdetail"]
        for event in events {
            let time = Timestamp(seconds: event.atMillis / 1000)
            lines.append("\(time)\t\(event.meter)\t\(event.kind.rawValue)\t"
                + "\(event.energyWh.map { DecimalText.thousandths($0) } ?? "")\t\(event.detail)")
        }
        return lines.joined(separator: "\n")
    }
}
