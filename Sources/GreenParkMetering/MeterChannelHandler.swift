import NIOCore

/// Collects a meter connection's bytes into whole answers and hands each to the request
/// waiting for it. One request is outstanding at a time (RS-485 buses behind gateways are
/// half duplex); bytes that arrive with nobody waiting are dropped; a stream that cannot be
/// framed any more fails the waiting request and closes the connection. Used on its
/// channel's event loop only (hence `@unchecked Sendable`).
final class MeterChannelHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private let splitter: FrameSplitter
    private var buffer: ByteBuffer?
    private var waiting: EventLoopPromise<[UInt8]>?

    init(splitter: FrameSplitter) { self.splitter = splitter }

    /// The next whole frame goes to `promise` (called on the channel's event loop).
    func expect(_ promise: EventLoopPromise<[UInt8]>) {
        waiting?.fail(MeterConnectionError.superseded)
        waiting = promise
        buffer?.clear()
    }

    /// Stops waiting (a timeout): a late answer is then dropped.
    func cancel(_ error: Error) {
        waiting?.fail(error)
        waiting = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        guard waiting != nil else { return }
        if buffer == nil { buffer = context.channel.allocator.buffer(capacity: 256) }
        buffer!.writeBuffer(&incoming)
        while let promise = waiting, let readable = buffer, readable.readableBytes > 0 {
            let step = readable.withUnsafeReadableBytes { splitter.next($0) }
            switch step {
            case .needMore:
                // Never hold more than the longest frame waiting for an end that will not come.
                if readable.readableBytes > 4096 { fail(context, "more than 4096 bytes without a whole frame") }
                return
            case .skip(let count):
                buffer!.moveReaderIndex(forwardBy: count)
            case .frame(let count):
                let frame = buffer!.readBytes(length: count) ?? []
                waiting = nil
                buffer!.discardReadBytes()
                promise.succeed(frame)
            case .broken(let reason):
                fail(context, reason)
                return
            }
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        waiting?.fail(MeterConnectionError.unreadable(reason))
        waiting = nil
        buffer = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        waiting?.fail(MeterConnectionError.closed)
        waiting = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        waiting?.fail(error)
        waiting = nil
        context.close(promise: nil)
    }
}

/// Why an exchange with a meter failed on the connection.
public enum MeterConnectionError: Error, Equatable, CustomStringConvertible {
    case timeout(milliseconds: Int64)
    case closed
    case superseded
    case unreadable(String)
    case connectFailed(String)

    public var description: String {
        switch self {
        case .timeout(let ms): "no answer within \(ms) ms"
        case .closed: "the connection closed"
        case .superseded: "a newer request took the connection"
        case .unreadable(let reason): "unreadable answer: \(reason)"
        case .connectFailed(let reason): "cannot connect: \(reason)"
        }
    }
}
