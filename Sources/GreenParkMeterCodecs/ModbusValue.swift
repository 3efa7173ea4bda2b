/// A number read from Modbus registers, before it is scaled to a unit.
public enum RegisterNumber: Sendable, Equatable {
    case integer(Int64)
    /// A `uint64` above `Int64.max`.
    case largeUnsigned(UInt64)
    case floatingPoint(Double)
}

/// Decodes the registers of one value.
///
/// Rule: the words are put into the order ABCD (most significant byte first) as
/// `order` says, then read as the unsigned integer, two's-complement integer or IEEE 754
/// number `type` names.
public enum ModbusValue {
    public static func decode(
        _ registers: ArraySlice<UInt16>, as type: ModbusValueType, order: ModbusWordOrder
    ) throws(MeterCodecError) -> RegisterNumber {
        guard registers.count == type.registerCount else {
            throw MeterCodecError(
                .badLength, "\(type.rawValue) needs \(type.registerCount) registers, got \(registers.count)")
        }
        var bits: UInt64 = 0
        let count = registers.count
        for position in 0..<count {
            let source: Int
            switch order {
            case .bigEndian, .bigEndianByteSwap: source = position
            case .littleEndian, .littleEndianByteSwap: source = count - 1 - position
            }
            var word = registers[registers.startIndex + source]
            if order == .bigEndianByteSwap || order == .littleEndianByteSwap { word = word.byteSwapped }
            bits = bits << 16 | UInt64(word)
        }
        switch type {
        case .uint16, .uint32: return .integer(Int64(bits))
        case .int16: return .integer(Int64(Int16(truncatingIfNeeded: bits)))
        case .int32: return .integer(Int64(Int32(truncatingIfNeeded: bits)))
        case .int64: return .integer(Int64(bitPattern: bits))
        case .uint64: return bits <= UInt64(Int64.max) ? .integer(Int64(bits)) : .largeUnsigned(bits)
        case .float32: return .floatingPoint(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
        case .float64: return .floatingPoint(Double(bitPattern: bits))
        }
    }

    /// The registers that hold `value` (for simulators and tests), the inverse of ``decode``.
    public static func encode(_ bits: UInt64, as type: ModbusValueType, order: ModbusWordOrder) -> [UInt16] {
        let count = type.registerCount
        var words = (0..<count).map { UInt16(truncatingIfNeeded: bits >> (16 * UInt64(count - 1 - $0))) }
        if order == .littleEndian || order == .littleEndianByteSwap { words.reverse() }
        if order == .bigEndianByteSwap || order == .littleEndianByteSwap { words = words.map(\.byteSwapped) }
        return words
    }
}
