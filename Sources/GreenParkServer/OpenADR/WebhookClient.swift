import Foundation
import GreenParkServices
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Posts the VTN's notifications to subscribers' `callbackUrl`s (plain `http://` only) on
/// SwiftNIO's HTTP/1.1 client: each attempt within `timeout`; a callback that cannot be
/// reached, does not answer in time or answers 5xx is tried again after 1 s and 2 s
/// (`attempts` in all), then the failure is logged and dropped; never awaited by the request
/// that caused it. A 4xx answer is the subscriber's refusal: logged, not retried.
struct WebhookClient: Sendable {
    var timeout: TimeAmount = .seconds(3)
    var attempts = 3
    /// Wait before attempt `n + 1` (n from 1).
    var backoff: @Sendable (Int) -> Duration = { .seconds($0) }
    let logger: Logger

    /// Posts `body` (JSON) to `url`; the answer's status code.
    func post(_ url: String, body: [UInt8], bearer: String?) async throws -> UInt {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            throw WebhookFailure(reason: "only http:// callback URLs are served, not \(url)")
        }
        let port = parsed.port ?? 80
        var target = parsed.path.isEmpty ? "/" : parsed.path
        if let query = parsed.query { target += "?" + query }
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: HTTPResponseStatus.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(StatusHandler(promise: promise))
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
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target)
        head.headers.add(name: "Host", value: parsed.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: "\(body.count)")
        head.headers.add(name: "Connection", value: "close")
        if let bearer { head.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get().code
    }
}

extension WebhookClient {
    /// Sends each notification in turn, retrying as the type says; a failure is logged and the
    /// next one is sent.
    func send(_ notifications: [DemandResponseNotification]) async {
        for notification in notifications {
            var attempt = 0
            while true {
                attempt += 1
                var failure: String
                do {
                    let status = try await post(notification.callbackUrl, body: notification.body.bytes,
                                                bearer: notification.bearerToken)
                    if (200..<300).contains(status) { break }
                    if (400..<500).contains(status) {
                        logger.warning("a subscriber's callback refused a notification", metadata: [
                            "subscription": "\(notification.subscriptionID)", "status": "\(status)"])
                        break
                    }
                    failure = "status \(status)"
                } catch {
                    failure = "\(error)"
                }
                guard attempt < attempts else {
                    logger.warning("a notification could not be delivered", metadata: [
                        "subscription": "\(notification.subscriptionID)", "url": "\(notification.callbackUrl)",
                        "attempts": "\(attempt)", "error": "\(failure)"])
                    break
                }
                try? await Task.sleep(for: backoff(attempt))
            }
        }
    }
}

struct WebhookFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Completes the promise with the answer's status once the whole answer arrived, or fails it.
private final class StatusHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<HTTPResponseStatus>
    private var status: HTTPResponseStatus?

    init(promise: EventLoopPromise<HTTPResponseStatus>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body: break
        case .end:
            if let status { promise.succeed(status) }
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(WebhookFailure(reason: "the callback closed the connection without an answer"))
        context.fireChannelInactive()
    }
}
