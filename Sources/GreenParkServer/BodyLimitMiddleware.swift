import Hummingbird
import NIOCore

/// Refuses bodies above the limit with 413 before a handler reads them: a declared
/// `Content-Length` at once, a chunked body once it has passed the limit (the generated
/// API's transport would otherwise collect any size).
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let limit: Int

    static let tooLarge = Problem(.contentTooLarge, "request.too-large",
                                  "the body is larger than the server's limit; send smaller batches")

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Self.tooLarge }
        guard request.headers[.contentLength] == nil, request.method != .get, request.method != .head else {
            return try await next(request, context)
        }
        var request = request
        do {
            request.body = .init(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge
        }
        return try await next(request, context)
    }
}
