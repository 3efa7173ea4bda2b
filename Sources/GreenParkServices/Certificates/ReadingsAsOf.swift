import GreenParkCore

/// A store's readings as they were at an instant: every value a later import revised is
/// read as it was before (the revision log keeps the old values). Read-only.
///
/// Used to recover what an issuance or a redemption made by an earlier GreenPark was based
/// on, when that version did not record it.
final class ReadingsAsOf: ReadingStore {
    private let base: any ReadingStore
    /// Per meter and interval start: the value before the first revision imported after the instant.
    private let before: [String: [Int64: (Int64, Quality)]]

    init(_ base: any ReadingStore, at instant: Timestamp) throws {
        self.base = base
        let importedAt = Dictionary(try base.imports().map { ($0.id, $0.importedAt) }, uniquingKeysWith: { a, _ in a })
        var before: [String: [Int64: (Int64, Quality)]] = [:]
        // Oldest first: the first revision after the instant holds the value the instant saw.
        for r in try base.revisions() where (importedAt[r.importId] ?? instant) > instant {
            if before[r.meter]?[r.intervalStart.seconds] == nil {
                before[r.meter, default: [:]][r.intervalStart.seconds] = (r.oldEnergyWh, r.oldQuality)
            }
        }
        self.before = before
    }

    func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T {
        throw ServiceError("store.read-only", "readings as of an earlier instant are read-only", badInput: false)
    }

    func days(meter: String, in days: Range<Int64>) throws -> [DayBlock] {
        let blocks = try base.days(meter: meter, in: days)
        guard let changes = before[meter] else { return blocks }
        return blocks.map { block in
            var block = block
            for k in 0..<block.intervalCount {
                if let (wh, quality) = changes[block.start(ofInterval: k).seconds] {
                    block.energyWh[k] = wh
                    block.quality[k] = quality
                }
            }
            return block
        }
    }

    func parkIdentity() throws -> StoredParkIdentity? { try base.parkIdentity() }
    func meterSpans() throws -> [MeterSpan] { try base.meterSpans() }
    func imports() throws -> [ImportRecord] { try base.imports() }
    func revisions() throws -> [RevisionRecord] { try base.revisions() }
    func registerStates() throws -> [MeterRegisterState] { try base.registerStates() }
    func meterEvents(meter: String?, limit: Int) throws -> [MeterEventRecord] {
        try base.meterEvents(meter: meter, limit: limit)
    }
}
