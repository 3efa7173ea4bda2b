import ArgumentParser
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkServices

/// `greenpark init`: set up a park's store and operator key.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Check a park file, create its store and the operator's Ed25519 key.",
        discussion: """
            The private key goes to <park>.operator.key (mode 0600; keep it safe: it signs the
            certificate ledger) and the public key to <park>.operator.pub (give it to verifiers).
            An existing key is never replaced, and a store that has a key (recorded by init or
            sealed into its ledger) gets no other: every signing command must use the park's key.
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let path = parkOptions.operatorKey ?? OperatorKeyFile.privatePath(forPark: parkOptions.park)
            let key = try SetupService(context: try parkOptions.context(park)).createOperatorKey(at: path)
            print("park \(park.settings.id): store \(parkOptions.databasePath)")
            print("operator key: \(path) (0600)")
            print("public key:   \(OperatorKeyFile.publicPath(forKey: path)) \(key.publicKeyHex)")
        }
    }
}
