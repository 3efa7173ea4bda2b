import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import HTTPTypes
import Hummingbird
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

    func handle(_ request: Request, context requestContext: ServerRequestContext) async throws -> Response {
        let principal = try gate.principal()
        if principal.role == .verifier {
            throw Problem(.forbidden, "access.read-only", "a verifier may read what it was granted, not send readings")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let format: IngestService.Format
        if type.hasPrefix("text/csv") { format = .csv } else if type.hasPrefix("application/json") { format = .json } else {
            throw Problem(.unsupportedMediaType, "request.media-type",
                          "send the batch as text/csv (a readings file) or application/json")
        }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        var body = try await request.body.collect(upTo: .max)
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        let service = IngestService(context: context)
        var options = ImportOptions()
        options.now = context.now()
        let ready = options
        let result = try await blocking {
            try service.ingest(bytes, format: format, idempotencyKey: key, principal: principal, options: ready)
        }
        if !result.replayed {
            summaries.invalidate()
            rows.increment(by: Int64(result.report.values))
        }
        let report = result.report
        let json: [String: Any] = [
            "import_id": (report.importId ?? report.alreadyImported?.id).map { $0 as Any } ?? NSNull(),
            "file": report.file, "sha256": report.sha256, "rows": report.rows, "values": report.values,
            "missing_intervals": report.missingIntervals, "replayed": result.replayed,
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return Response(status: result.replayed ? .ok : .created, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
