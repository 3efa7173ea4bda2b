import GreenParkCore
import GreenParkFormats

/// Setting a park up (`greenpark init`): its operator key, made once and recorded in the
/// store, so that every later signing command must use it (docs/ledger.md).
public struct SetupService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// Creates the operator's Ed25519 key at `keyPath` (mode 0600, public key beside it) and
    /// records it as the park's key. Refuses when the store has a key already (recorded, or
    /// sealed into its ledger), or when a key file exists at `keyPath`.
    public func createOperatorKey(at keyPath: String) throws -> OperatorKey {
        let store = context.stores.certificates
        if let existing = try store.operatorKey() {
            throw ServiceError("key.exists", "the store already has the operator key \(existing); a park keeps one key "
                + "for the life of its ledger, so init makes no other. Give that key's file with --operator-key")
        }
        let key = try OperatorKeyFile.create(path: keyPath)
        try store.recordOperatorKey(OperatorPublicKey(hex: key.publicKeyHex)!)
        return key
    }
}
