import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark ledger ...`: verify and export the certificate ledger.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Verify or export the certificate ledger.",
        subcommands: [Verify.self, Export.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash, the chain, and every block's Ed25519 signature.",
            discussion: """
                Reports the first broken entry if anything was altered, removed, inserted or
                reordered, or signed with another key. With --park it also replays the ledger and
                checks that the store's certificate registry is exactly what the ledger says (every
                certificate's owner and status, every redemption statement and the hours it covers).
                Exit code 0 when everything verifies, 1 when it does not. With --file it checks an
                exported ledger.jsonl (the chain and signatures) instead of the store.
                """
        )

        @Option(help: ArgumentHelp("The park file (for its store and public key).", valueName: "park.yaml"))
        var park: String?

        @Option(help: "The store (default: next to the park file).")
        var database: String?

        @Option(help: "The operator's public key file (default: <park>.operator.pub; without either, the key in the first seal).")
        var publicKey: String?

        @Option(help: "Verify an exported ledger (JSON Lines) instead of the store.")
        var file: String?

        @Option(help: "The operator's private key file: its public key beside it (<key>.pub) is used.")
        var operatorKey: String?

        func validate() throws {
            guard park != nil || file != nil else { throw ValidationError("give --park or --file") }
        }

        func run() throws {
            try Terminal.run {
                var keyPath = publicKey ?? operatorKey.map(OperatorKeyFile.publicPath(forKey:))
                if keyPath == nil, let park, FileManager.default.fileExists(atPath: OperatorKeyFile.publicPath(forPark: park)) {
                    keyPath = OperatorKeyFile.publicPath(forPark: park)
                }
                let key = try keyPath.map { try OperatorKeyFile.loadPublic(path: $0) }
                let clock = ContinuousClock.now
                let verified: LedgerService.Verified
                if let file {
                    verified = try LedgerService.verify(file: file, publicKey: key)
                } else {
                    let options = try ParkOptions.parse(["--park", park!] + (database.map { ["--database", $0] } ?? []))
                    let context = try options.existingContext(try options.loadPark())
                    verified = try LedgerService(context: context).verify(publicKey: key)
                }
                let seconds = (ContinuousClock.now - clock).seconds
                print("ledger ok: \(Terminal.count(verified.entries, "entry", plural: "entries")) in \(Terminal.count(verified.blocks, "block")), every signature valid\(key.map { " for key \($0.hex)" } ?? "")\(file == nil ? "; the registry equals a replay of the ledger" : "") (\(String(format: "%.2f", seconds)) s)")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ledger as JSON Lines, one canonical entry per line (docs/ledger.md).",
            discussion: "A verifier can check the file with docs/verify_ledger.py and the public key, without GreenPark."
        )

        @OptionGroup var parkOptions: ParkOptions

        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                let count = try LedgerService(context: context).export(to: try Terminal.output(output))
                if let output { Terminal.warn("\(output): \(count) entries") }
            }
        }
    }
}
