import GreenParkMeterCodecs

/// Where the next whole answer ends in the bytes received so far, per protocol.
enum FrameSplitter: Sendable {
    case modbus
    case dlt645

    enum Step: Equatable {
        case needMore
        case skip(Int)
        case frame(Int)
        /// The stream cannot be read any further (a Modbus header that cannot be one): reconnect.
        case broken(String)
    }

    func next(_ bytes: UnsafeRawBufferPointer) -> Step {
        switch self {
        case .modbus:
            do {
                guard let size = try ModbusHeader.frameSize(bytes) else { return .needMore }
                return bytes.count >= size ? .frame(size) : .needMore
            } catch {
                return .broken(error.message)
            }
        case .dlt645:
            switch DLT645Scanner.next(bytes) {
            case .needMore: return .needMore
            case .skip(let count): return .skip(count)
            case .frame(let count): return .frame(count)
            }
        }
    }
}
