import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request on SwiftNIO (`http://` only, `Connection: close`), its answer's status
/// and body (up to 8 MiB), all within `timeout`: the webhooks of the VTN and the park's own
/// VEN client (``VTNClient``).
enum HTTPExchange {
    struct Answer: Sendable {
        var status: UInt
        var body: [UInt8]
    }

    static let bodyLimit = 8 << 20

    static func send(_ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, bearer: String?,
                     timeout: TimeAmount) async throws -> Answer {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            throw WebhookFailure(reason: "only http:// URLs are served, not \(url)")
        }
        let port = parsed.port ?? 80
        var target = parsed.path.isEmpty ? "/" : parsed.path
        if let query = parsed.query { target += "?" + query }
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Answer.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(AnswerHandler(promise: promise))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(WebhookFailure(reason: "no answer within \(timeout.nanoseconds / 1_000_000) ms"))
            channel.close(promise: nil)
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: parsed.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "Accept", value: "application/json")
        if let body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: "\(body.count)")
        }
        head.headers.add(name: "Connection", value: "close")
        if let bearer { head.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }
}

struct WebhookFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Completes the promise with the answer once all of it arrived, or fails it.
private final class AnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<HTTPExchange.Answer>
    private var status: HTTPResponseStatus?
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<HTTPExchange.Answer>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= HTTPExchange.bodyLimit else {
                promise.fail(WebhookFailure(reason: "the answer is longer than \(HTTPExchange.bodyLimit) bytes"))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            if let status { promise.succeed(HTTPExchange.Answer(status: status.code, body: body)) }
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(WebhookFailure(reason: "the server closed the connection without an answer"))
        context.fireChannelInactive()
    }
}
