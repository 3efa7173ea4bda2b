import GreenParkCore
import GreenParkMeterCodecs

/// How one meter is read over the network (`meters[].poll` in the park file).
public struct MeterPoll: Sendable, Equatable {
    /// What to ask the meter for.
    public enum Target: Sendable, Equatable {
        case modbus(ModbusPoint)
        case dlt645(DLT645Point)
    }

    /// The park's meter id whose interval energy the reads become.
    public let meter: String
    public let host: String
    public let port: Int
    /// Time between two reads, in milliseconds.
    public let periodMillis: Int64
    public let target: Target

    public init(meter: String, host: String, port: Int, periodMillis: Int64, target: Target) {
        self.meter = meter
        self.host = host
        self.port = port
        self.periodMillis = periodMillis
        self.target = target
    }

    /// `modbus-tcp host:port unit 1 holding 4096 uint32` or `dlt645 host:port 121078563412 00010000`.
    public var endpointDescription: String {
        switch target {
        case .modbus(let point):
            let table = point.function == .readHoldingRegisters ? "holding" : "input"
            return "modbus-tcp \(host):\(port) unit \(point.unit) \(table) \(point.register) \(point.type.rawValue)"
        case .dlt645(let point):
            return "dlt645 \(host):\(port) meter \(point.address.meterNumber) DI \(point.item.name)"
        }
    }
}

/// A cumulative energy register on a Modbus TCP meter.
public struct ModbusPoint: Sendable, Equatable {
    public let unit: UInt8
    public let function: ModbusFunction
    public let register: UInt16
    public let type: ModbusValueType
    public let order: ModbusWordOrder
    /// kWh per count of the register (`0.01` for a register in hundredths of a kWh).
    public let scaleKWh: Fixed6
    /// A `uint32` serial number register (same function, big-endian words): a change means
    /// the meter was replaced.
    public let serialRegister: UInt16?

    public init(unit: UInt8, function: ModbusFunction, register: UInt16, type: ModbusValueType,
                order: ModbusWordOrder, scaleKWh: Fixed6, serialRegister: UInt16?) {
        self.unit = unit
        self.function = function
        self.register = register
        self.type = type
        self.order = order
        self.scaleKWh = scaleKWh
        self.serialRegister = serialRegister
    }
}

/// A cumulative energy data item on a DL/T 645-2007 meter (usually behind an RS-485 gateway).
public struct DLT645Point: Sendable, Equatable {
    public let address: DLT645Address
    public let item: DLT645DataItem

    public init(address: DLT645Address, item: DLT645DataItem) {
        self.address = address
        self.item = item
    }
}
