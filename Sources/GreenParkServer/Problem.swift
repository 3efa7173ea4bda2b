import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import OpenAPIRuntime

/// An RFC 9457 problem (`application/problem+json`) with a stable code: what every error of
/// the server answers, from a middleware, a plain route or a generated handler.
public struct Problem: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let detail: String
    /// A refused batch's problems, as `greenpark import` lists them.
    public let issues: [InputIssue]
    /// The methods a 405 names in `Allow`.
    public let allow: [String]

    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String, issues: [InputIssue] = [],
                allow: [String] = []) {
        self.status = status
        self.code = code
        self.detail = detail
        self.issues = issues
        self.allow = allow
    }

    /// 404 in one wording whatever was refused, so that existence does not leak.
    public static let notFound = Problem(.notFound, "not-found", "no such resource, or not yours to see")

    /// The body.
    public var json: [UInt8] {
        var body: [String: Any] = [
            "type": "https://greenpark.dev/problems/\(code)", "title": status.reasonPhrase, "status": status.code,
            "code": code, "detail": detail,
        ]
        if !issues.isEmpty {
            body["issues"] = issues.map { ["file": $0.file, "line": $0.line, "code": $0.code, "reason": $0.reason] }
        }
        return Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data())
    }
}

extension Problem: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .tooManyRequests { headers[.retryAfter] = "1" }
        if !allow.isEmpty { headers[.allow] = allow.joined(separator: ", ") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}

extension Problem: HTTPResponseConvertible {
    public var httpStatus: HTTPResponse.Status { status }
    public var httpHeaderFields: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return headers
    }
    public var httpBody: OpenAPIRuntime.HTTPBody? { .init(json) }
}

extension Problem {
    /// The problem for an error a use case threw: bad input 422 (or the status its code
    /// names), a failure 500 (logged, not shown), a refused batch 400 with its issues.
    public init(_ error: any Error) {
        if let problem = error as? Problem {
            self = problem
        } else if let rejected = error as? InputRejected {
            self.init(.badRequest, rejected.code, "nothing was stored: \(rejected.totalIssues) problem(s)",
                      issues: rejected.issues)
        } else if let foreign = error as? IngestForeignMeter {
            self.init(.notFound, foreign.code, foreign.message, issues: foreign.issues)
        } else if let known = error as? any GreenParkError {
            // A use case's refusal of a well-formed request is 422 (a rule the schema cannot state).
            let status = Self.statuses[known.code] ?? (known.isBadInput ? .unprocessableContent : .internalServerError)
            self.init(status, known.code,
                status == .internalServerError ? "the server failed: \(known.code)" : known.message)
        } else {
            self.init(.internalServerError, "internal", "the server failed; the operator can read why in its log")
        }
    }

    /// Codes that answer something other than 400 (bad input) or 500 (failure).
    static let statuses: [String: HTTPResponse.Status] = [
        "ingest.key-reused": .unprocessableContent,
        "store.busy": .serviceUnavailable,
        "allocation.missing-data": .conflict,
        "users.not-found": .notFound,
        "access.bad-grant": .unprocessableContent,
        "grants.not-found": .notFound,
    ]
}
