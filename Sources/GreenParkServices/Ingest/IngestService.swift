import Crypto
import Foundation
import GreenParkCore
import GreenParkFormats

/// Batch ingest of readings over the server (`POST /v1/readings`, docs/server.md): a batch
/// is a readings CSV (any layout `greenpark import` reads) or JSON (``JSONReadings``), and
/// goes through exactly the import's validation, in one transaction: stored whole or
/// refused whole with every problem; `meters` (from the access policy) names the meters the
/// sender may send. An `Idempotency-Key` makes a retry safe: the same key with the same bytes
/// gets the first answer again, with other bytes it is refused (`ingest.key-reused`), and
/// while a batch with a key is being stored, another with the same key waits its turn in
/// this process and then gets one of those answers.
public struct IngestService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    public enum Format: String, Sendable {
        case csv
        case json
    }

    /// What a batch did.
    public struct Result: Sendable {
        public let report: ImportReport
        /// True when the batch was acknowledged before (same key, or same bytes).
        public let replayed: Bool
    }

    /// Ingests one batch sent by `principal`, who may send the readings of `meters` (nil: all).
    public func ingest(_ body: [UInt8], format: Format, idempotencyKey: String?, principal: Principal,
                       meters: Set<String>?, options: ImportOptions) throws -> Result {
        guard let idempotencyKey else {
            return try ingestOnce(body, format: format, key: nil, principal: principal, meters: meters,
                options: options)
        }
        guard !idempotencyKey.isEmpty, idempotencyKey.utf8.count <= 255 else {
            throw ServiceError("ingest.bad-key", "an Idempotency-Key has 1 to 255 characters")
        }
        let slot = "\(principal.userId)/\(idempotencyKey)"
        Self.keys.acquire(slot)
        defer { Self.keys.release(slot) }
        return try ingestOnce(body, format: format, key: idempotencyKey, principal: principal, meters: meters,
                              options: options)
    }

    /// Keys of batches being stored now in this process, one at a time per user and key.
    private static let keys = KeyLock()

    private func ingestOnce(_ body: [UInt8], format: Format, key idempotencyKey: String?, principal: Principal,
                            meters: Set<String>?, options: ImportOptions) throws -> Result {
        let digest = Hex.string(SHA256.hash(data: body))
        if let idempotencyKey {
            if let earlier = try context.stores.ingestKeys.ingestKey(idempotencyKey, userId: principal.userId) {
                guard earlier.sha256 == digest else {
                    throw ServiceError("ingest.key-reused", "Idempotency-Key '\(idempotencyKey)' was used for another "
                        + "batch; use a new key for new readings")
                }
            }
        }
        let csv: [UInt8], name: String
        switch format {
        case .csv: (csv, name) = (body, "batch.csv")
        case .json: (csv, name) = (try JSONReadings.csv(body), "batch.json")
        }
        let report = try importBatch(csv, name: name, format: format, meters: meters, options: options)
        if let idempotencyKey, let id = report.importId ?? report.alreadyImported?.id {
            try context.stores.ingestKeys.saveIngestKey(IngestKey(key: idempotencyKey, userId: principal.userId,
                                                                  sha256: digest, importId: id, createdAt: options.now))
        }
        return Result(report: report, replayed: report.alreadyImported != nil)
    }

    private func importBatch(_ csv: [UInt8], name: String, format: Format, meters allowed: Set<String>?,
                             options: ImportOptions) throws -> ImportReport {
        do {
            return try SpoolFile.with(csv, prefix: "greenpark-batch", code: "ingest.spool") { path in
                try ReadingsImporter(park: context.park, store: context.stores.readings, meters: allowed)
                    .importFile(at: path, name: name, options: options)
            }
        } catch let rejected as InputRejected {
            var issues = rejected.issues
            if format == .json {
                // CSV line k + 1 is the batch's item k (the header is line 1).
                issues = issues.map { InputIssue(file: $0.file, line: max(0, $0.line - 1), column: nil, code: $0.code,
                                                 reason: $0.reason) }
            }
            if allowed != nil, issues.contains(where: { $0.code == "readings.unknown-meter" }) {
                throw IngestForeignMeter(issues: issues.filter { $0.code == "readings.unknown-meter" })
            }
            throw InputRejected(file: rejected.file, issues: issues, totalIssues: rejected.totalIssues,
                                code: rejected.code)
        }
    }
}

/// A member's or generator's batch names a meter that is not its own (or does not exist:
/// the answer is the same, so that other members' meters cannot be discovered).
public struct IngestForeignMeter: GreenParkError {
    public let issues: [InputIssue]
    public var code: String { "ingest.unknown-meter" }
    public var message: String {
        "the batch names meters that are not yours; nothing was stored: "
            + issues.prefix(5).map(\.description).joined(separator: "; ")
    }
}
