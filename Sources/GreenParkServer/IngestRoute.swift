import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus

/// `POST /v1/readings`: a batch as `text/csv` or `application/json`, read raw (not through
/// the generated decoder, for speed) and handed to ``IngestService``. 201 when stored, 200
/// when the same batch (same `Idempotency-Key` and bytes, or same bytes) was acknowledged
/// before; the answer is sent only after the batch's transaction committed.
struct IngestRoute: Sendable {
    let context: ParkContext
    let gate: Gate
    let summaries: SummaryCache
    let rows: Prometheus.Counter
    /// The body limit (bytes).
    let limit: Int

    func handle(_ request: Request, context requestContext: ServerRequestContext) async throws -> Response {
        let principal = try gate.principal(), policy = try gate.policy()
        guard policy.mayIngest(principal) else {
            throw Problem(.forbidden, "access.read-only", "a verifier may read what it was granted, not send readings")
        }
        let meters = policy.writableMeters(principal, park: context.park)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let format: IngestService.Format
        if type.hasPrefix("text/csv") {
            format = .csv
        } else if type.hasPrefix("application/json") {
            format = .json
        } else {
            throw Problem(.unsupportedMediaType, "request.media-type",
                          "send the batch as text/csv (a readings file) or application/json")
        }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw BodyLimitMiddleware.tooLarge
        }
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        let service = IngestService(context: context)
        var options = ImportOptions()
        options.now = context.now()
        let ready = options
        let result = try await blocking {
            try service.ingest(bytes, format: format, idempotencyKey: key, principal: principal, meters: meters,
                               options: ready)
        }
        if !result.replayed {
            summaries.invalidate()
            rows.increment(by: Int64(result.report.values))
        }
        let report = result.report
        let json: [String: Any] = [
            "import_id": (report.importId ?? report.alreadyImported?.id).map { $0 as Any } ?? NSNull(),
            "file": report.file, "sha256": report.sha256, "rows": report.rows, "values": report.values,
            "missing_intervals": report.missingIntervals, "rounded": report.rounded, "replayed": result.replayed,
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return Response(status: result.replayed ? .ok : .created, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
