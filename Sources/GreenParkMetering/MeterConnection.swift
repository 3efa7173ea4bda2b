import NIOCore
import NIOPosix

/// One TCP connection to a meter or an RS-485 gateway, shared by every meter behind it.
/// Exchanges run one after another; the connection is opened on first use and again after
/// it failed; a request without an answer in time fails and closes the connection (a late
/// answer must not be taken for the next request's).
final class MeterConnection: @unchecked Sendable {
    let host: String
    let port: Int
    private let splitter: FrameSplitter
    private let eventLoop: any EventLoop
    // Touched on `eventLoop` only.
    private var channel: Channel?
    private var handler: MeterChannelHandler?
    private var tail: EventLoopFuture<Void>

    init(host: String, port: Int, splitter: FrameSplitter, eventLoop: any EventLoop) {
        self.host = host
        self.port = port
        self.splitter = splitter
        self.eventLoop = eventLoop
        tail = eventLoop.makeSucceededVoidFuture()
    }

    /// Sends `request` after the exchanges queued before it and returns the whole answer.
    func exchange(_ request: [UInt8], timeoutMillis: Int64) async throws -> [UInt8] {
        let promise = eventLoop.makePromise(of: [UInt8].self)
        eventLoop.execute {
            let previous = self.tail
            self.tail = promise.futureResult.map { _ in }.recover { _ in }
            previous.whenComplete { _ in self.start(request, timeoutMillis: timeoutMillis, promise: promise) }
        }
        return try await promise.futureResult.get()
    }

    /// Closes the connection (the next exchange opens a new one).
    func close() {
        eventLoop.execute {
            self.channel?.close(promise: nil)
            self.channel = nil
            self.handler = nil
        }
    }

    private func start(_ request: [UInt8], timeoutMillis: Int64, promise: EventLoopPromise<[UInt8]>) {
        // Everything below runs on the event loop; `settled` makes the first outcome the only one.
        let settled = Settled()
        @Sendable func finish(_ result: Result<[UInt8], Error>) {
            guard !settled.value else { return }
            settled.value = true
            promise.completeWith(result)
        }
        let deadline = eventLoop.scheduleTask(in: .milliseconds(timeoutMillis)) {
            let error = MeterConnectionError.timeout(milliseconds: timeoutMillis)
            finish(.failure(error))
            self.handler?.cancel(error)
            self.channel?.close(promise: nil)
            self.channel = nil
            self.handler = nil
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        connected(timeoutMillis: timeoutMillis).whenComplete { result in
            switch result {
            case .failure(let error):
                finish(.failure(MeterConnectionError.connectFailed("\(self.host):\(self.port): \(error)")))
            case .success(let (channel, handler)):
                guard !settled.value else { return }
                let answer = self.eventLoop.makePromise(of: [UInt8].self)
                handler.expect(answer)
                answer.futureResult.whenComplete { finish($0) }
                var buffer = channel.allocator.buffer(capacity: request.count)
                buffer.writeBytes(request)
                channel.writeAndFlush(buffer).whenFailure { finish(.failure($0)) }
            }
        }
    }

    /// A flag read and written on the event loop only.
    private final class Settled: @unchecked Sendable {
        var value = false
    }

    /// The open connection, or a new one (given at most the request's time to connect).
    private func connected(timeoutMillis: Int64) -> EventLoopFuture<(Channel, MeterChannelHandler)> {
        if let channel, let handler, channel.isActive { return eventLoop.makeSucceededFuture((channel, handler)) }
        channel?.close(promise: nil)
        let handler = MeterChannelHandler(splitter: splitter)
        return ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.milliseconds(timeoutMillis))
            .channelInitializer { channel in channel.pipeline.addHandler(handler) }
            .connect(host: host, port: port)
            .map { channel in
                // A connect that outlived its request may finish after a newer one: keep one.
                if let open = self.channel, let openHandler = self.handler, open.isActive, open !== channel {
                    channel.close(promise: nil)
                    return (open, openHandler)
                }
                self.channel = channel
                self.handler = handler
                return (channel, handler)
            }
    }
}
