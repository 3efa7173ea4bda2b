import GreenParkCore

/// A demand-response request the VTN refuses: the reason names the HTTP status the server
/// answers (bad request 400, not found 404, conflict 409, forbidden 403).
public struct DemandResponseError: GreenParkError {
    public enum Reason: String, Sendable {
        case badRequest = "bad-request"
        case notFound = "not-found"
        case conflict
        case forbidden
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var code: String { "openadr.\(reason.rawValue)" }

    static func bad(_ message: String) -> DemandResponseError { DemandResponseError(.badRequest, message) }
    static let notFound = DemandResponseError(.notFound, "no such object, or not yours to see")
}
