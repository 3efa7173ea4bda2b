/// A park's stores, one per aggregate: readings, allocation results, the certificate
/// registry with its ledger, and settlement runs. The application layer works on these
/// protocols only; `GreenParkStore` implements them on SQLite, and ``InMemoryReadingStore``
/// and its siblings in memory for tests (users, the access log and ingest keys are the
/// server's), so a second backend can come one aggregate at a time.
public struct ParkStores: Sendable {
    public let readings: any ReadingStore
    public let allocations: any AllocationStore
    public let certificates: any CertificateStore
    public let settlements: any SettlementStore
    /// The server's users (tokens as hashes).
    public let users: any UserStore
    /// Verifiers' reads of members' data.
    public let accessLog: any AccessLogStore
    /// Idempotency keys of batch ingest.
    public let ingestKeys: any IngestKeyStore
    /// The VTN's OpenADR 3 objects (programs, events, reports, subscriptions, VENs).
    public let demandResponse: any DemandResponseStore

    public init(readings: any ReadingStore, allocations: any AllocationStore, certificates: any CertificateStore,
                settlements: any SettlementStore, users: any UserStore = InMemoryUserStore(),
                accessLog: any AccessLogStore = InMemoryAccessLogStore(),
                ingestKeys: any IngestKeyStore = InMemoryIngestKeyStore(),
                demandResponse: any DemandResponseStore = InMemoryDemandResponseStore()) {
        self.readings = readings
        self.allocations = allocations
        self.certificates = certificates
        self.settlements = settlements
        self.users = users
        self.accessLog = accessLog
        self.ingestKeys = ingestKeys
        self.demandResponse = demandResponse
    }
}

extension ParkStores {
    /// Every aggregate in memory: for tests and dry runs.
    public static func inMemory() -> ParkStores {
        ParkStores(readings: InMemoryReadingStore(), allocations: InMemoryAllocationStore(),
                   certificates: InMemoryCertificateStore(), settlements: InMemorySettlementStore())
    }
}
