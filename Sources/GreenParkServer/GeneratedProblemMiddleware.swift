import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Makes every error of the generated API layer a problem+json answer: a handler's
/// ``Problem`` as it is, a decoding or content-type error as 400/415 with its cause, a
/// failure as 500 (logged, details not shown).
struct GeneratedProblemMiddleware: ServerMiddleware {
    let logger: Logger
    /// The document a request failed to match, as a bad request's detail names it.
    var document = "the API (/openapi.json)"

    func intercept(
        _ request: HTTPRequest, body: OpenAPIRuntime.HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, OpenAPIRuntime.HTTPBody?, ServerRequestMetadata) async throws
            -> (HTTPResponse, OpenAPIRuntime.HTTPBody?)
    ) async throws -> (HTTPResponse, OpenAPIRuntime.HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError {
            let problem: Problem
            if let own = error.underlyingError as? Problem {
                problem = own
            } else if error.httpStatus.kind == .clientError {
                problem = Problem(error.httpStatus,
                                  error.httpStatus == .unsupportedMediaType ? "request.media-type" : "request.invalid",
                                  Self.detail(error, document: document))
            } else {
                problem = Problem(error.underlyingError)
                if problem.status == .internalServerError {
                    logger.error("operation failed", metadata: ["operation": "\(operationID)",
                                                                "error": "\(error.underlyingError)"])
                }
            }
            return (HTTPResponse(status: problem.status, headerFields: problem.httpHeaderFields), problem.httpBody)
        }
    }

    /// What was wrong with the request, in the API's words (the decoder's Swift types left out).
    static func detail(_ error: ServerError, document: String = "the API (/openapi.json)") -> String {
        if error.httpStatus == .unsupportedMediaType {
            return "the body's Content-Type is not one this operation takes"
        }
        var where_ = ""
        if let decoding = error.underlyingError as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, _): return "the body has no \"\(key.stringValue)\""
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                where_ = c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            @unknown default: break
            }
        }
        return "the request does not match \(document)" + (where_.isEmpty ? "" : " at \(where_)")
    }
}
