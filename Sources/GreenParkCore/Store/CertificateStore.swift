/// Where the certificate registry lives, together with the ledger that records it.
public protocol CertificateStore: LedgerStore {
    /// The registry as last committed (empty for a new park).
    func loadRegistry(parkId: String) throws -> CertificateRegistry

    /// Saves the registry's changes since it was loaded, the redemption statements made and
    /// the ledger entries that record them, in one transaction: either all of it is stored
    /// or none. On success the registry's changes are marked committed.
    func commit(_ registry: inout CertificateRegistry, statements: [RedemptionStatement], ledger: [LedgerEntry]) throws

    /// Every redemption statement of park `parkId`, oldest first.
    func redemptionStatements(parkId: String) throws -> [RedemptionStatement]
}
