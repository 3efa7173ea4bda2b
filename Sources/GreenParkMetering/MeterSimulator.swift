import GreenParkMeterCodecs
import NIOCore
import NIOPosix

/// Simulated meters on loopback, one TCP port each, for tests and benchmarks: Modbus TCP
/// meters (holding register 4096: import energy uint32 in 0.01 kWh; 4102: serial uint32;
/// anything else answers exception 02, like the pymodbus peer) or DL/T 645-2007 meters
/// (forward active energy, DI 00 01 00 00, at the meter's address; other addresses get no
/// answer, as on a real bus). Faults come from each meter's ``SimulatedMeter/Behaviour``.
public final class MeterSimulator: Sendable {
    public enum Kind: String, Sendable {
        case modbus
        case dlt645
    }

    public let kind: Kind
    public let meters: [SimulatedMeter]
    /// The port of each meter, in order.
    public let ports: [Int]
    private let channels: [Channel]

    /// Modbus holding register of the energy counter and of the serial number.
    public static let energyRegister: UInt16 = 4096
    public static let serialRegister: UInt16 = 4102

    private init(kind: Kind, meters: [SimulatedMeter], ports: [Int], channels: [Channel]) {
        self.kind = kind
        self.meters = meters
        self.ports = ports
        self.channels = channels
    }

    /// Starts one listener per meter on 127.0.0.1 (ports chosen by the system).
    public static func start(_ kind: Kind, meters: [SimulatedMeter],
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws
        -> MeterSimulator {
        var channels: [Channel] = []
        for meter in meters {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.addHandler(SimulatedMeterHandler(kind: kind, meter: meter))
                }
                .bind(host: "127.0.0.1", port: 0).get()
            channels.append(channel)
        }
        return MeterSimulator(kind: kind, meters: meters, ports: channels.map { $0.localAddress?.port ?? 0 },
                              channels: channels)
    }

    public func stop() async {
        for channel in channels { try? await channel.close() }
    }
}

/// One simulated meter's side of a connection.
final class SimulatedMeterHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let kind: MeterSimulator.Kind
    private let meter: SimulatedMeter
    private var buffer = ByteBuffer()

    init(kind: MeterSimulator.Kind, meter: SimulatedMeter) {
        self.kind = kind
        self.meter = meter
    }

    func channelActive(context: ChannelHandlerContext) {
        meter.connected()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while buffer.readableBytes > 0 {
            let bytes = Array(buffer.readableBytesView)
            let split = kind == .modbus ? FrameSplitter.modbus : FrameSplitter.dlt645
            switch bytes.withUnsafeBytes({ split.next($0) }) {
            case .needMore: return
            case .skip(let count): buffer.moveReaderIndex(forwardBy: count)
            case .broken: context.close(promise: nil); return
            case .frame(let count):
                let frame = Array(bytes[0..<count])
                buffer.moveReaderIndex(forwardBy: count)
                buffer.discardReadBytes()
                meter.counted()
                if let answer = answer(frame) { send(answer, context) }
            }
        }
    }

    private func send(_ answer: [UInt8], _ context: ChannelHandlerContext) {
        switch meter.behaviour {
        case .silent: return
        case .fragment where answer.count > 1:
            let cut = answer.count / 2
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: answer[..<cut])), promise: nil)
            let rest = ByteBuffer(bytes: answer[cut...])
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(20)) {
                loopBound.value.writeAndFlush(NIOAny(rest), promise: nil)
            }
        default:
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: answer)), promise: nil)
        }
    }

    private func answer(_ frame: [UInt8]) -> [UInt8]? {
        switch kind {
        case .modbus: modbusAnswer(frame)
        case .dlt645: dlt645Answer(frame)
        }
    }

    private func modbusAnswer(_ frame: [UInt8]) -> [UInt8]? {
        guard let request = try? frame.withUnsafeBytes({ bytes throws(MeterCodecError) in
            try ModbusRequest.decode(bytes)
        }) else { return nil }
        func reply(_ body: ModbusResponse.Body) -> [UInt8] {
            let transaction = meter.behaviour == .wrongTransaction ? request.transaction &- 1 : request.transaction
            return ModbusResponse(transaction: transaction, unit: request.unit, function: request.function,
                                  body: body).encoded()
        }
        if meter.behaviour == .refuse { return reply(.exception(.serverDeviceFailure)) }
        let energy = UInt64(truncatingIfNeeded: meter.registerWh / 10) & 0xFFFF_FFFF
        let serial = UInt64(meter.serial)
        var map: [UInt16: UInt16] = [:]
        for (offset, word) in ModbusValue.encode(energy, as: .uint32, order: .bigEndian).enumerated() {
            map[MeterSimulator.energyRegister + UInt16(offset)] = word
        }
        for (offset, word) in ModbusValue.encode(serial, as: .uint32, order: .bigEndian).enumerated() {
            map[MeterSimulator.serialRegister + UInt16(offset)] = word
        }
        guard request.function == .readHoldingRegisters else { return reply(.exception(.illegalDataAddress)) }
        var registers: [UInt16] = []
        for address in request.address..<(request.address + request.count) {
            guard let word = map[address] else { return reply(.exception(.illegalDataAddress)) }
            registers.append(word)
        }
        return reply(.registers(registers))
    }

    private func dlt645Answer(_ frame: [UInt8]) -> [UInt8]? {
        guard let request = try? DLT645Frame.decode(frame), request.control == .readData,
              request.address == meter.address, request.data.count == 4 else { return nil }
        let item = DLT645DataItem.forwardActiveEnergy
        let di = UInt32(request.data[0]) | UInt32(request.data[1]) << 8 | UInt32(request.data[2]) << 16
            | UInt32(request.data[3]) << 24
        guard di == item.di, meter.behaviour != .refuse else {
            let error = try? DLT645Frame(address: meter.address, control: DLT645Control.readData.errorReply,
                                         data: [0x02])
            return error?.encoded()
        }
        // Hundredths of a kWh = tens of Wh, wrapping at the register's 1,000,000 kWh.
        let hundredths = (meter.registerWh / 10) % 100_000_000
        let reading = DLT645Reading(address: meter.address, di: di,
                                    value: ScaledDecimal(mantissa: hundredths, decimals: 2))
        return try? reading.replyFrame(item: item).encoded()
    }
}
