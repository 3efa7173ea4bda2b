/// The MBAP header of a Modbus TCP frame: transaction id, protocol id (always 0), the
/// number of bytes that follow (unit id and PDU), unit id.
///
/// Rule: the length field counts the unit id and the PDU, so a frame has `6 + length`
/// bytes; a PDU is 1 to 253 bytes, so the length is 2 to 254.
public struct ModbusHeader: Sendable, Equatable {
    public let transaction: UInt16
    public let length: UInt16
    public let unit: UInt8

    /// Bytes of the header on the wire.
    public static let size = 7
    /// The largest frame: 7 header bytes and a 253-byte PDU.
    public static let maximumFrame = 260

    /// Reads the header of a whole frame and checks that the bytes present match its length.
    public init(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) {
        guard let total = try Self.frameSize(bytes) else {
            throw MeterCodecError(.truncated, "Modbus frame of \(bytes.count) bytes is shorter than its header")
        }
        guard bytes.count >= total else {
            throw MeterCodecError(.truncated, "Modbus frame says \(total) bytes, only \(bytes.count) arrived")
        }
        guard bytes.count == total else {
            throw MeterCodecError(.trailingBytes, "Modbus frame says \(total) bytes, \(bytes.count) arrived")
        }
        transaction = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        length = UInt16(bytes[4]) << 8 | UInt16(bytes[5])
        unit = bytes[6]
    }

    /// The size of the frame that starts at the beginning of `bytes`, or `nil` while fewer
    /// than 7 bytes have arrived. Throws when the header cannot start a Modbus TCP frame,
    /// so a stream reader never waits for bytes that will not come.
    public static func frameSize(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) -> Int? {
        guard bytes.count >= size else { return nil }
        guard bytes[2] == 0, bytes[3] == 0 else {
            throw MeterCodecError(.badFraming, "Modbus protocol identifier is \(bytes[2]) \(bytes[3]), not 0 0")
        }
        let length = Int(bytes[4]) << 8 | Int(bytes[5])
        guard length >= 2, length <= 254 else {
            throw MeterCodecError(.badLength, "Modbus MBAP length \(length) is outside 2...254")
        }
        return 6 + length
    }
}
