import ArgumentParser
import Foundation

/// `greenpark`: the command-line tool of GreenPark.
@main
struct GreenParkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenpark",
        abstract: "Run a multi-user direct green power park: meter data, allocation, certificates, settlement, evidence.",
        discussion: """
            Start with `greenpark demo`, which builds a demo park from real public profiles in
            ./greenpark-demo and runs the whole chain on it. Every command has --help.
            Exit codes: 0 ok, 1 failure, 2 bad input (nothing was changed).
            """,
        subcommands: [
            DemoCommand.self, InitCommand.self, ParkCommand.self, ImportCommand.self, AllocateCommand.self, RunCommand.self,
            CertificatesCommand.self, ReportCommand.self, EvidenceCommand.self, SettleCommand.self, ExportCommand.self, StatusCommand.self, LedgerCommand.self, BenchCommand.self,
            ServeCommand.self, PollCommand.self, UsersCommand.self, GrantsCommand.self, ForecastCommand.self,
            ScheduleCommand.self, SimulateCommand.self, DemandResponseCommand.self,
        ]
    )

    /// Runs the command; a usage error (bad option or value) exits with 2, "bad input",
    /// like every other input error, instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
