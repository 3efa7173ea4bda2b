/// Where the certificate registry lives, together with the ledger that records it.
public protocol CertificateStore: LedgerStore {
    /// The registry as last committed (empty for a new park).
    func loadRegistry(parkId: String) throws -> CertificateRegistry

    /// Saves the registry, the redemption statements made and the ledger entries that record
    /// the changes, in one transaction: either all of it is stored or none.
    func commit(_ registry: CertificateRegistry, statements: [RedemptionStatement], ledger: [LedgerEntry]) throws

    /// Every redemption statement, oldest first.
    func redemptionStatements() throws -> [RedemptionStatement]
}
