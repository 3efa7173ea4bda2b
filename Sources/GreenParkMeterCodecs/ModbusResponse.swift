/// A Modbus TCP answer to a register read: the registers, or an exception.
///
/// Rule: a normal answer repeats the function code, then a byte count equal to twice the
/// number of registers, then the registers big-endian; an exception answer carries the
/// function code | 0x80 and one exception code.
public struct ModbusResponse: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        case registers([UInt16])
        case exception(ModbusExceptionCode)
    }

    public let transaction: UInt16
    public let unit: UInt8
    public let function: ModbusFunction
    public let body: Body

    public init(transaction: UInt16, unit: UInt8, function: ModbusFunction, body: Body) {
        self.transaction = transaction
        self.unit = unit
        self.function = function
        self.body = body
    }

    /// Reads one whole response ADU.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) -> ModbusResponse {
        let header = try ModbusHeader(bytes)
        let code = bytes[7]
        guard let function = ModbusFunction(rawValue: code & 0x7F) else {
            throw MeterCodecError(.unsupportedFunction, "Modbus function code \(code) is not a register read")
        }
        if code & 0x80 != 0 {
            guard header.length == 3 else {
                throw MeterCodecError(.badLength, "a Modbus exception has MBAP length 3, not \(header.length)")
            }
            return ModbusResponse(
                transaction: header.transaction, unit: header.unit, function: function,
                body: .exception(ModbusExceptionCode(rawValue: bytes[8])))
        }
        guard bytes.count >= 9 else { throw MeterCodecError(.truncated, "Modbus answer without a byte count") }
        let byteCount = Int(bytes[8])
        guard byteCount % 2 == 0, byteCount >= 2, byteCount <= 250, Int(header.length) == 3 + byteCount else {
            throw MeterCodecError(
                .badLength, "Modbus byte count \(byteCount) does not fit MBAP length \(header.length)")
        }
        var registers = [UInt16](repeating: 0, count: byteCount / 2)
        for index in registers.indices {
            registers[index] = UInt16(bytes[9 + 2 * index]) << 8 | UInt16(bytes[10 + 2 * index])
        }
        return ModbusResponse(
            transaction: header.transaction, unit: header.unit, function: function, body: .registers(registers))
    }

    /// The bytes on the wire (what a meter or a simulator sends).
    public func encoded() -> [UInt8] {
        var pdu: [UInt8]
        switch body {
        case .registers(let registers):
            pdu = [function.rawValue, UInt8(truncatingIfNeeded: registers.count * 2)]
            for register in registers { pdu += [UInt8(register >> 8), UInt8(register & 0xFF)] }
        case .exception(let code):
            pdu = [function.rawValue | 0x80, code.rawValue]
        }
        let length = UInt16(truncatingIfNeeded: pdu.count + 1)
        let header = [UInt8(transaction >> 8), UInt8(transaction & 0xFF), 0, 0, UInt8(length >> 8),
                      UInt8(length & 0xFF), unit]
        return header + pdu
    }

    /// The registers of the answer to `request`; throws on an exception or an answer to
    /// another request (transaction, unit, function or register count differ).
    public func registers(answering request: ModbusRequest) throws(MeterCodecError) -> [UInt16] {
        guard transaction == request.transaction, unit == request.unit, function == request.function else {
            throw MeterCodecError(
                .mismatch, "Modbus answer (transaction \(transaction), unit \(unit)) does not answer request "
                    + "(transaction \(request.transaction), unit \(request.unit))")
        }
        switch body {
        case .exception(let code):
            throw MeterCodecError(
                .meterRefused, "unit \(unit) refused registers \(request.address)+\(request.count): \(code.meaning)")
        case .registers(let registers):
            guard registers.count == Int(request.count) else {
                throw MeterCodecError(
                    .mismatch, "asked for \(request.count) registers, unit \(unit) answered \(registers.count)")
            }
            return registers
        }
    }
}
