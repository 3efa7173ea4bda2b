/// A Modbus TCP request to read registers: MBAP header (transaction id, protocol id 0,
/// length, unit id) followed by the PDU (function code, start address, quantity).
///
/// Rule: at most 125 registers per request (the PDU limit of 253 bytes), at least one,
/// and the range must not run past address 65535.
public struct ModbusRequest: Sendable, Equatable {
    public let transaction: UInt16
    public let unit: UInt8
    public let function: ModbusFunction
    public let address: UInt16
    public let count: UInt16

    /// Registers one request may ask for.
    public static let maximumCount: UInt16 = 125
    /// Bytes of an encoded read request: 7 of MBAP header, 5 of PDU.
    public static let encodedSize = 12

    public init(
        transaction: UInt16, unit: UInt8, function: ModbusFunction, address: UInt16, count: UInt16
    ) throws(MeterCodecError) {
        guard count >= 1, count <= Self.maximumCount else {
            throw MeterCodecError(.badRequest, "a Modbus read asks for 1 to 125 registers, not \(count)")
        }
        guard Int(address) + Int(count) <= 65_536 else {
            throw MeterCodecError(.badRequest, "registers \(address)+\(count) run past address 65535")
        }
        self.transaction = transaction
        self.unit = unit
        self.function = function
        self.address = address
        self.count = count
    }

    /// The 12 bytes on the wire.
    public func encoded() -> [UInt8] {
        [
            UInt8(transaction >> 8), UInt8(transaction & 0xFF), 0, 0, 0, 6, unit, function.rawValue,
            UInt8(address >> 8), UInt8(address & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF),
        ]
    }

    /// Reads one whole request ADU (what a meter or a simulator receives).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) -> ModbusRequest {
        let header = try ModbusHeader(bytes)
        guard bytes.count >= 8 else { throw MeterCodecError(.truncated, "Modbus request without a function code") }
        guard let function = ModbusFunction(rawValue: bytes[7]) else {
            throw MeterCodecError(.unsupportedFunction, "Modbus function code \(bytes[7]) is not a register read")
        }
        guard header.length == 6 else {
            throw MeterCodecError(.badLength, "a register read has MBAP length 6, not \(header.length)")
        }
        return try ModbusRequest(
            transaction: header.transaction, unit: header.unit, function: function,
            address: UInt16(bytes[8]) << 8 | UInt16(bytes[9]), count: UInt16(bytes[10]) << 8 | UInt16(bytes[11]))
    }
}
