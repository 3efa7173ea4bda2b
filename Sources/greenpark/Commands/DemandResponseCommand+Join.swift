import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkServer
import GreenParkServices
import Synchronization

extension DemandResponseCommand {
    /// `greenpark dr join`: one round of the park as a VEN in a grid operator's program.
    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take part in a grid operator's OpenADR 3 program as one resource: the park.",
            discussion: """
                One round of what a VEN does, against the grid operator's VTN (--vtn, its
                OpenADR 3 base URL, http:// only; the bearer token from --token or the
                environment variable GREENPARK_VTN_TOKEN): read its programs and events,
                register as VEN --ven-name (default: the park's id; 409 when it exists is
                fine), mirror every event into the park's own VTN as grid:<event id> in
                program grid:<program name> (so that greenpark schedule keeps its import
                limits; a changed event is updated), and for every event that has ended and
                is fully metered, report the park's net grid exchange per event interval
                (USAGE, kWh: members' consumption minus generation) once. Run it from a timer
                (every few minutes) to follow the program. See docs/demand-response.md.
                """)
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: ArgumentHelp("The grid operator's VTN, e.g. http://vtn.example/openadr3.", valueName: "url"))
        var vtn: String
        @Option(help: "The bearer token the grid operator issued (default: $GREENPARK_VTN_TOKEN).") var token: String?
        @Option(help: "The park's VEN name (default: the park's id).") var venName: String?

        func validate() throws {
            guard vtn.hasPrefix("http://"), URL(string: vtn)?.host != nil else {
                throw ValidationError("--vtn \(vtn): an http:// URL (put a TLS proxy in front for https)")
            }
            guard token ?? ProcessInfo.processInfo.environment["GREENPARK_VTN_TOKEN"] != nil else {
                throw ValidationError("give --token or set GREENPARK_VTN_TOKEN")
            }
        }

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                let ven = ParkVEN(context: context, vtn: vtn,
                                  token: token ?? ProcessInfo.processInfo.environment["GREENPARK_VTN_TOKEN"]!,
                                  venName: venName ?? context.park.settings.id)
                let outcome = Mutex<ParkVEN.Round?>(nil)
                try ServeCommand.wait {
                    let round = try await ven.round(now: Timestamp.now())
                    outcome.withLock { $0 = round }
                }
                guard let round = outcome.withLock({ $0 }) else { return }
                let mirrored = ["created", "updated", "unchanged"].map { key in
                    "\(round.mirrored[DemandResponseService.Mirrored(rawValue: key)!] ?? 0) \(key)"
                }
                print("\(vtn): \(round.programs) programs, \(round.events) events; VEN \(ven.venName) "
                    + (round.registered ? "registered" : "already registered"))
                print("mirrored into the park's VTN: " + mirrored.joined(separator: ", "))
                print("reported: \(round.reported.isEmpty ? "none" : round.reported.joined(separator: ", "))")
                for line in round.waiting { print("not reported yet: \(line)") }
            }
        }
    }
}
