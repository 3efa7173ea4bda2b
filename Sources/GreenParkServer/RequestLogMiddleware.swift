import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path without its query (ids and dates stay out of
/// the log), status and duration; never headers, cookies, tokens or bodies.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        func log(_ status: Int) {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            logger.info("request", metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\(String(format: "%.1f", ms))",
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch let problem as Problem {
            log(problem.status.code)
            throw problem
        } catch {
            log(500)
            throw error
        }
    }
}
