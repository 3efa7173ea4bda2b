import ArgumentParser
import GreenParkCore
import GreenParkFormats

/// `greenpark park ...`: work with park files.
struct ParkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "park",
        abstract: "Check park files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a park file and list every problem with its field and line.",
            discussion: "Exit code 0 when the file is valid (warnings are printed), 2 when it is not."
        )

        @Argument(help: ArgumentHelp("The park file to check.", valueName: "park.yaml"))
        var path: String

        func run() throws {
            try Terminal.run {
                let result = try ParkFile.load(path: path)
                for warning in result.warnings { Terminal.warn("warning: \(warning)") }
                let park = result.park
                let meters = park.members.reduce(0) { $0 + $1.meters.count } + park.generators.count
                print("\(path): ok: park \(park.settings.id), \(park.members.count) members, \(park.generators.count) generators, \(meters) meters, \(park.settings.resolution.minutes)-minute intervals, key \(park.allocation.key.rawValue)")
            }
        }
    }
}
