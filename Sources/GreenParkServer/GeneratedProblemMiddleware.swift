import HTTPTypes
import Logging
import OpenAPIRuntime

/// Makes every error of the generated API layer a problem+json answer: a handler's
/// ``Problem`` as it is, a decoding or content-type error as 400/415 with its cause, a
/// failure as 500 (logged, details not shown).
struct GeneratedProblemMiddleware: ServerMiddleware {
    let logger: Logger

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
                problem = Problem(error.httpStatus, "request.invalid", error.causeDescription)
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
}
