/// Where validated interval readings live. The seam between the pure core and the
/// database: `GreenParkStore` implements it on SQLite (and later PostgreSQL), and
/// ``InMemoryReadingStore`` implements it for tests.
///
/// Every change goes through ``write(_:)``, which is atomic: when its body throws, or
/// the process dies before it returns, the store is exactly as before.
public protocol ReadingStore: AnyObject, Sendable {
    /// Runs `body` in one transaction and commits when it returns.
    func write<T>(_ body: (any ReadingStoreTransaction) throws -> T) throws -> T

    /// Stored days of `meter` with `days.lowerBound <= day < days.upperBound`, in day order.
    func days(meter: String, in days: Range<Int64>) throws -> [DayBlock]

    /// The park this store belongs to and its resolution, once data was written.
    func parkIdentity() throws -> StoredParkIdentity?

    /// Meters that have stored data, with their first and last stored day.
    func meterSpans() throws -> [MeterSpan]

    /// Every import, oldest first.
    func imports() throws -> [ImportRecord]

    /// Value corrections made by imports with `replace`, oldest first.
    func revisions() throws -> [RevisionRecord]

    /// Where each polled meter's register stood (``IntervalBuilder``), for a restart.
    func registerStates() throws -> [MeterRegisterState]

    /// What polling noticed, newest first; of one meter, or of all when `meter` is nil.
    func meterEvents(meter: String?, limit: Int) throws -> [MeterEventRecord]
}

/// The operations available inside ``ReadingStore/write(_:)``.
public protocol ReadingStoreTransaction {
    func day(meter: String, day: Int64) throws -> DayBlock?
    func put(_ block: DayBlock) throws
    func parkIdentity() throws -> StoredParkIdentity?
    func setParkIdentity(_ identity: StoredParkIdentity) throws
    /// The import of a file with this SHA-256 digest, if one was recorded.
    func importRecord(sha256: String) throws -> ImportRecord?
    /// Records an import and returns its number.
    func add(_ record: ImportRecord) throws -> Int64
    func add(_ revisions: [RevisionRecord]) throws
    /// Replaces the stored register states of these meters.
    func save(_ states: [MeterRegisterState]) throws
    func add(_ events: [MeterEventRecord]) throws
}

/// The park a store holds data for. A store never mixes parks or resolutions.
public struct StoredParkIdentity: Sendable, Equatable {
    public var parkId: String
    public var resolutionMinutes: Int

    public init(parkId: String, resolutionMinutes: Int) {
        self.parkId = parkId
        self.resolutionMinutes = resolutionMinutes
    }
}

/// First and last stored UTC day of one meter.
public struct MeterSpan: Sendable, Equatable {
    public var meter: String
    public var firstDay: Int64
    public var lastDay: Int64
    public var dayCount: Int

    public init(meter: String, firstDay: Int64, lastDay: Int64, dayCount: Int) {
        self.meter = meter
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.dayCount = dayCount
    }
}

/// One imported file, as recorded in the store's import log.
public struct ImportRecord: Sendable, Equatable {
    /// Assigned by the store; 0 before it is recorded.
    public var id: Int64
    public var fileName: String
    /// Lower-case hex SHA-256 of the file's bytes: the same file is never imported twice.
    public var sha256: String
    public var format: String
    public var importedAt: Timestamp
    public var rows: Int
    /// Intervals that had no value before.
    public var added: Int
    /// Intervals whose stored value was replaced.
    public var replaced: Int
    /// Intervals that already held the same value.
    public var unchanged: Int
    /// Intervals filled by estimation.
    public var estimated: Int
    /// Options the import ran with, for the audit trail.
    public var options: String

    public init(
        id: Int64 = 0, fileName: String, sha256: String, format: String, importedAt: Timestamp, rows: Int,
        added: Int, replaced: Int, unchanged: Int, estimated: Int, options: String
    ) {
        self.id = id
        self.fileName = fileName
        self.sha256 = sha256
        self.format = format
        self.importedAt = importedAt
        self.rows = rows
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
        self.estimated = estimated
        self.options = options
    }
}

/// A stored value that an import replaced: nothing is lost, the old value stays here.
public struct RevisionRecord: Sendable, Equatable {
    public var importId: Int64
    public var meter: String
    public var intervalStart: Timestamp
    public var oldEnergyWh: Int64
    public var oldQuality: Quality
    public var newEnergyWh: Int64
    public var newQuality: Quality

    public init(importId: Int64, meter: String, intervalStart: Timestamp, oldEnergyWh: Int64, oldQuality: Quality, newEnergyWh: Int64, newQuality: Quality) {
        self.importId = importId
        self.meter = meter
        self.intervalStart = intervalStart
        self.oldEnergyWh = oldEnergyWh
        self.oldQuality = oldQuality
        self.newEnergyWh = newEnergyWh
        self.newQuality = newQuality
    }
}
