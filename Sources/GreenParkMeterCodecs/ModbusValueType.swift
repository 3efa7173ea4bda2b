/// How a value is laid out in 16-bit Modbus registers.
public enum ModbusValueType: String, Sendable, CaseIterable {
    case uint16, int16, uint32, int32, uint64, int64, float32, float64

    /// Registers the value occupies.
    public var registerCount: Int {
        switch self {
        case .uint16, .int16: 1
        case .uint32, .int32, .float32: 2
        case .uint64, .int64, .float64: 4
        }
    }

    /// `true` for IEEE 754 values, which are rounded when turned into Wh.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// The value at which an unsigned counter wraps to zero, in counts (2^16, 2^32), or
    /// `nil` where it does not fit 63 bits or has no natural wrap (signed, float, 64-bit).
    public var wrapCounts: Int64? {
        switch self {
        case .uint16: 1 << 16
        case .uint32: 1 << 32
        default: nil
        }
    }
}

/// The order of the 16-bit words (and of the bytes inside them) of a multi-register value.
/// Meter vendors differ; the names follow the usual ABCD notation, A the most significant byte.
public enum ModbusWordOrder: String, Sendable, CaseIterable {
    /// ABCD: most significant word first, big-endian bytes (the Modbus convention).
    case bigEndian = "big"
    /// CDAB: least significant word first, bytes big-endian inside each word.
    case littleEndian = "little"
    /// BADC: most significant word first, bytes swapped inside each word.
    case bigEndianByteSwap = "big-swap"
    /// DCBA: everything reversed.
    case littleEndianByteSwap = "little-swap"
}
