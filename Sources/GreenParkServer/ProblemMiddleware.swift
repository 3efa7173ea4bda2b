import Hummingbird
import Logging
import NIOCore

/// The outermost middleware: whatever a route throws becomes a problem+json answer. An
/// unknown route answers the same 404 as a hidden resource, a known path with another method
/// 405; a failure is logged (without
/// the request's headers or body) and answers 500 without its details.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch is NIOTooManyBytesError {
            throw BodyLimitMiddleware.tooLarge
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                let methods = routes.methods(request.uri.path)
                guard methods.isEmpty else {
                    throw Problem(.methodNotAllowed, "request.method", "this path takes "
                        + methods.joined(separator: ", "), allow: methods)
                }
                throw Problem.notFound
            case .contentTooLarge: throw BodyLimitMiddleware.tooLarge
            case .methodNotAllowed: throw Problem(.methodNotAllowed, "request.method", "method not allowed here")
            default: throw Problem(error.status, "request.invalid", error.body ?? error.status.reasonPhrase)
            }
        } catch {
            let problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            throw problem
        }
    }
}
