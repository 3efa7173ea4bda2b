import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The park's OpenADR 3 VTN under `/openadr3` (docs/demand-response.md): programs, events,
/// reports, subscriptions and VENs of the OpenADR 3.1.0 document (Sources/GreenParkOpenADR),
/// create, read, update, delete and search, on ``DemandResponseService``. Signed in with the
/// API's bearer tokens: the operator is the business logic, a member's token a VEN. Errors
/// answer the document's `problem` (type, title, status, detail; plus the server's `code`).
/// A change of a program, event or report is then notified to the matching subscriptions'
/// callbacks by ``WebhookClient``, in the background.
struct OpenADRRoutes: Sendable {
    let context: ParkContext
    let limit: Int
    let webhooks: WebhookClient

    /// The collections and their objects, by path segment.
    static let collections: [(String, DemandResponseKind)] = [
        ("programs", .program), ("events", .event), ("reports", .report), ("subscriptions", .subscription),
        ("vens", .ven),
    ]

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("/openadr3")
        for (segment, kind) in Self.collections {
            group.get(RouterPath(segment)) { request, requestContext in
                let search = try Self.search(request, kind: kind)
                return try await respond(.ok, requestContext) { .array(try service.search(kind, search, by: $0)) }
            }
            group.post(RouterPath(segment)) { request, requestContext in
                let body = try await bytes(request)
                return try await respond(.created, requestContext, notify: (kind, "CREATE")) { principal in
                    try service.create(kind, body: body, by: principal)
                }
            }
            group.get(RouterPath("\(segment)/:id")) { _, requestContext in
                let id = try requestContext.parameters.require("id")
                return try await respond(.ok, requestContext) { try service.object(kind, id: id, by: $0) }
            }
            group.put(RouterPath("\(segment)/:id")) { request, requestContext in
                let id = try requestContext.parameters.require("id")
                let body = try await bytes(request)
                return try await respond(.ok, requestContext, notify: (kind, "UPDATE")) { principal in
                    try service.update(kind, id: id, body: body, by: principal)
                }
            }
            group.delete(RouterPath("\(segment)/:id")) { _, requestContext in
                let id = try requestContext.parameters.require("id")
                return try await respond(.ok, requestContext, notify: (kind, "DELETE")) { principal in
                    try service.delete(kind, id: id, by: principal)
                }
            }
        }
    }

    var service: DemandResponseService { DemandResponseService(context: context) }

    /// Runs `body` off the event loops as the signed-in principal and answers its JSON with
    /// `status`; a refusal answers its problem; a change is notified to subscribers.
    private func respond(_ status: HTTPResponse.Status, _ context: ServerRequestContext,
                         notify: (DemandResponseKind, String)? = nil,
                         _ body: @escaping @Sendable (Principal) throws -> JSONValue) async throws -> Response {
        guard let principal = context.principal else {
            throw Problem(.unauthorized, "auth.missing", "sign in: send Authorization: Bearer <token>")
        }
        let service = self.service
        let result: JSONValue
        do {
            result = try await blocking { try body(principal) }
        } catch let refused as DemandResponseError {
            throw Self.problem(refused)
        }
        if let (kind, operation) = notify, kind == .program || kind == .event || kind == .report {
            let owner = kind == .report ? principal.subject : nil
            let webhooks = self.webhooks
            Task.detached {
                let notifications = (try? await blocking {
                    try service.notifications(of: kind, operation: operation, object: result, owner: owner)
                }) ?? []
                await webhooks.send(notifications)
            }
        }
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: result.bytes)))
    }

    private func bytes(_ request: Request) async throws -> [UInt8] {
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw BodyLimitMiddleware.tooLarge
        }
        return body.readBytes(length: body.readableBytes) ?? []
    }

    static func problem(_ refused: DemandResponseError) -> Problem {
        let status: HTTPResponse.Status = switch refused.reason {
        case .badRequest: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        }
        return Problem(status, refused.code, refused.message)
    }

    /// The document's query parameters of a search: programID, eventID, clientName, venName,
    /// targets and objects (repeated or comma-separated), skip and limit (0 to 50, default 50).
    static func search(_ request: Request, kind: DemandResponseKind) throws -> DemandResponseService.Search {
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? { query[name[...]].map(String.init) }
        func integer(_ name: String, _ fallback: Int) throws -> Int {
            guard let value = text(name) else { return fallback }
            guard let number = Int(value) else {
                throw Problem(.badRequest, "openadr.bad-request", "\(name) must be an integer")
            }
            return number
        }
        func list(_ name: String) -> [String] {
            query.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
        }
        var search = DemandResponseService.Search()
        search.programID = text("programID")
        search.eventID = text("eventID")
        search.clientName = text("clientName")
        search.venName = text("venName")
        search.targets = list("targets")
        search.objects = list("objects")
        search.skip = try integer("skip", 0)
        search.limit = try integer("limit", DemandResponseService.maximumLimit)
        return search
    }
}

extension WebhookClient {
    /// Sends each notification in turn; a failure is logged and the next one is sent.
    func send(_ notifications: [DemandResponseNotification]) async {
        for notification in notifications {
            do {
                let status = try await post(notification.callbackUrl, body: notification.body.bytes,
                                            bearer: notification.bearerToken)
                if !(200..<300).contains(status) {
                    logger.warning("a subscriber's callback refused a notification", metadata: [
                        "subscription": "\(notification.subscriptionID)", "status": "\(status)"])
                }
            } catch {
                logger.warning("a notification could not be delivered", metadata: [
                    "subscription": "\(notification.subscriptionID)", "url": "\(notification.callbackUrl)",
                    "error": "\(error)"])
            }
        }
    }
}
