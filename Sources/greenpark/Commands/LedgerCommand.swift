import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats

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
                var verifier = LedgerVerifier(publicKey: key)
                let clock = ContinuousClock.now
                if let file {
                    try LedgerFile.verify(path: file, with: &verifier)
                    try verifier.finish()
                } else {
                    let options = try ParkOptions.parse(["--park", park!] + (database.map { ["--database", $0] } ?? []))
                    let parkValue = try options.loadPark()
                    let store = try options.requireStore(for: parkValue)
                    var replay = LedgerReplay()
                    try store.forEachLedgerBatch(size: 8192) { batch in
                        try verifier.check(batch: batch)
                        for entry in batch { try replay.apply(sequence: entry.sequence, kind: entry.kind, data: entry.data) }
                    }
                    try verifier.finish()
                    let problems = replay.problems(registry: try store.loadRegistry(parkId: parkValue.settings.id),
                                                   statements: try store.redemptionStatements(parkId: parkValue.settings.id))
                    guard problems.isEmpty else { throw RegistryMismatch(problems: problems) }
                }
                let seconds = (ContinuousClock.now - clock).seconds
                print("ledger ok: \(Terminal.count(verifier.entries, "entry", plural: "entries")) in \(Terminal.count(verifier.blocks, "block")), every signature valid\(key.map { " for key \($0.hex)" } ?? "")\(file == nil ? "; the registry equals a replay of the ledger" : "") (\(String(format: "%.2f", seconds)) s)")
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
                let store = try parkOptions.requireStore(for: try parkOptions.loadPark())
                let count = try LedgerFile.export(store, to: try Terminal.output(output))
                if let output { Terminal.warn("\(output): \(count) entries") }
            }
        }
    }
}

/// The stored registry is not what the ledger says.
struct RegistryMismatch: GreenParkError {
    var problems: [String]
    var code: String { "ledger.registry-mismatch" }
    var isBadInput: Bool { false }
    var message: String {
        (["the ledger verifies, but the store's registry does not match a replay of it:"] + problems.map { "  \($0)" })
            .joined(separator: "\n")
    }
}
