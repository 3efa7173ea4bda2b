import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes

/// How the VTN's handlers run a use case: as the signed-in principal, off the event loops,
/// refusals as problems, changes notified; and the JSON between the document's types and the
/// service.
extension VTN {
    /// Runs `body` as the signed-in principal; a refusal becomes its problem (400, 403, 404,
    /// 409); a change (`notify`: kind and operation) is then notified to subscribers in the
    /// background, never holding up the answer.
    func run(notify: (DemandResponseKind, String)? = nil,
             _ body: @escaping @Sendable (DemandResponseService, Principal) throws -> JSONValue) async throws
        -> JSONValue {
        guard let principal = ServerRequestContext.current?.principal else {
            throw Problem(.unauthorized, "auth.missing", "sign in: send Authorization: Bearer <token>")
        }
        let service = self.service
        let result: JSONValue
        do {
            result = try await blocking { try body(service, principal) }
        } catch let refused as DemandResponseError {
            throw Self.problem(refused)
        }
        if let (kind, operation) = notify {
            let owner = kind == .report ? principal.subject : nil
            let webhooks = self.webhooks
            Task.detached {
                let notifications = (try? await blocking {
                    try service.notifications(of: kind, operation: operation, object: result, owner: owner)
                }) ?? []
                await webhooks.send(notifications)
            }
        }
        return result
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

    /// The search parameters every search shares: targets, skip and limit (0 to 50, the
    /// document's maximum, and 50 when not given); the rest are set by each operation.
    static func search(targets: [String]?, skip: Int32?, limit: Int32?) throws -> DemandResponseService.Search {
        var search = DemandResponseService.Search()
        search.targets = targets ?? []
        search.skip = Int(skip ?? 0)
        search.limit = Int(limit ?? Int32(DemandResponseService.maximumLimit))
        return search
    }

    /// A request decoded by the generated layer, as JSON for the service (400 without one).
    static func bytes(_ request: (some Encodable)?) throws -> [UInt8] {
        guard let request else {
            throw Problem(.badRequest, "openadr.bad-request", "send the object as a JSON body")
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(request))
    }

    /// What the service answered, as one of the document's types.
    static func decode<T: Decodable>(_ value: JSONValue) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(value.bytes))
    }
}
