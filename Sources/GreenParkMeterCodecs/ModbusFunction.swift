/// The Modbus function codes a meter reader uses: reading 16-bit registers.
public enum ModbusFunction: UInt8, Sendable, CaseIterable {
    /// FC 03: holding registers (read/write on most devices; energy counters on many meters).
    case readHoldingRegisters = 0x03
    /// FC 04: input registers (read-only measured values).
    case readInputRegisters = 0x04
}

/// The exception code in a Modbus exception response (function code | 0x80).
public enum ModbusExceptionCode: Sendable, Equatable {
    case illegalFunction
    case illegalDataAddress
    case illegalDataValue
    case serverDeviceFailure
    case acknowledge
    case serverDeviceBusy
    case memoryParityError
    case gatewayPathUnavailable
    case gatewayTargetFailedToRespond
    case other(UInt8)

    public init(rawValue: UInt8) {
        switch rawValue {
        case 0x01: self = .illegalFunction
        case 0x02: self = .illegalDataAddress
        case 0x03: self = .illegalDataValue
        case 0x04: self = .serverDeviceFailure
        case 0x05: self = .acknowledge
        case 0x06: self = .serverDeviceBusy
        case 0x08: self = .memoryParityError
        case 0x0A: self = .gatewayPathUnavailable
        case 0x0B: self = .gatewayTargetFailedToRespond
        default: self = .other(rawValue)
        }
    }

    public var rawValue: UInt8 {
        switch self {
        case .illegalFunction: 0x01
        case .illegalDataAddress: 0x02
        case .illegalDataValue: 0x03
        case .serverDeviceFailure: 0x04
        case .acknowledge: 0x05
        case .serverDeviceBusy: 0x06
        case .memoryParityError: 0x08
        case .gatewayPathUnavailable: 0x0A
        case .gatewayTargetFailedToRespond: 0x0B
        case .other(let code): code
        }
    }

    /// What the code means, for messages.
    public var meaning: String {
        switch self {
        case .illegalFunction: "illegal function"
        case .illegalDataAddress: "illegal data address (the register is not mapped)"
        case .illegalDataValue: "illegal data value"
        case .serverDeviceFailure: "server device failure"
        case .acknowledge: "acknowledge (request accepted, still processing)"
        case .serverDeviceBusy: "server device busy"
        case .memoryParityError: "memory parity error"
        case .gatewayPathUnavailable: "gateway path unavailable"
        case .gatewayTargetFailedToRespond: "gateway target device failed to respond"
        case .other(let code): "exception code \(code)"
        }
    }
}
