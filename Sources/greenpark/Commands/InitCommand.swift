import ArgumentParser
import GreenParkCore
import GreenParkFormats
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
            let store = try parkOptions.context(park).stores.certificates
            let path = parkOptions.operatorKey ?? OperatorKeyFile.privatePath(forPark: parkOptions.park)
            if let existing = try store.operatorKey() {
                throw ArgumentProblem(message: "\(parkOptions.databasePath) already has the operator key \(existing); "
                    + "a park keeps one key for the life of its ledger, so init makes no other. Give that key's file "
                    + "with --operator-key")
            }
            let key = try OperatorKeyFile.create(path: path)
            try store.recordOperatorKey(OperatorPublicKey(hex: key.publicKeyHex)!)
            print("park \(park.settings.id): store \(parkOptions.databasePath)")
            print("operator key: \(path) (0600)")
            print("public key:   \(OperatorKeyFile.publicPath(forKey: path)) \(key.publicKeyHex)")
        }
    }
}
