/// A meter's answer to a read of one data item: which meter, which item, the exact value.
public struct DLT645Reading: Sendable, Equatable {
    public let address: DLT645Address
    public let di: UInt32
    public let value: ScaledDecimal

    public init(address: DLT645Address, di: UInt32, value: ScaledDecimal) {
        self.address = address
        self.di = di
        self.value = value
    }

    /// Reads a whole reply frame to a read of `item`, without allocating.
    ///
    /// Rules: control 0x91 (0xB1 when more frames follow) carries the DI then the value;
    /// 0xD1 is the meter's refusal with one error byte; the DI must be `item`'s, the value
    /// exactly `item.format.bytes` BCD bytes, least significant first, every nibble 0-9
    /// (the sign bit aside).
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, item: DLT645DataItem
    ) throws(MeterCodecError) -> DLT645Reading {
        let layout = try DLT645FrameLayout(bytes)
        guard layout.end == bytes.count else {
            throw MeterCodecError(.trailingBytes, "\(bytes.count - layout.end) bytes after the DL/T 645 end byte")
        }
        let control = DLT645Control(rawValue: layout.control)
        guard control.function == DLT645Control.readData.function, control.isReply else {
            throw MeterCodecError(.mismatch, "DL/T 645 control \(hex(layout.control)) does not answer a read (11)")
        }
        if control.isError {
            let error = layout.dataCount > 0 ? bytes[layout.dataStart] &- 0x33 : 0
            throw MeterCodecError(.meterRefused, "the meter refused the read of DI \(hex(item.di)): "
                + DLT645ErrorFlags(rawValue: error).meaning)
        }
        let format = item.format
        guard (1...9).contains(format.bytes), format.decimals >= 0, format.decimals <= 2 * format.bytes else {
            throw MeterCodecError(.badRequest, "a DL/T 645 value has 1 to 9 bytes and no more decimals than digits")
        }
        guard layout.dataCount == 4 + format.bytes else {
            throw MeterCodecError(.badLength,
                "DI \(hex(item.di)) answers 4 + \(format.bytes) data bytes, the meter sent \(layout.dataCount)")
        }
        var di: UInt32 = 0
        for index in 0..<4 { di |= UInt32(bytes[layout.dataStart + index] &- 0x33) << (8 * UInt32(index)) }
        guard di == item.di else {
            throw MeterCodecError(.mismatch, "asked for DI \(hex(item.di)), the meter answered DI \(hex(di))")
        }
        var mantissa: Int64 = 0
        var negative = false
        for index in stride(from: format.bytes - 1, through: 0, by: -1) {
            var byte = bytes[layout.dataStart + 4 + index] &- 0x33
            if index == format.bytes - 1, format.signed {
                negative = byte & 0x80 != 0
                byte &= 0x7F
            }
            let high = byte >> 4, low = byte & 0x0F
            guard high <= 9, low <= 9 else {
                throw MeterCodecError(.badBCD, "DI \(hex(item.di)): byte \(hex(byte)) is not two BCD digits")
            }
            mantissa = mantissa * 100 + Int64(high * 10 + low)
        }
        let layoutAddress = layout.address(bytes)
        return DLT645Reading(
            address: layoutAddress, di: di,
            value: ScaledDecimal(mantissa: negative ? -mantissa : mantissa, decimals: format.decimals))
    }

    static func hex(_ value: some BinaryInteger) -> String {
        let text = String(value, radix: 16, uppercase: true)
        let width = value.bitWidth <= 8 ? 2 : 8
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// The error byte of a DL/T 645-2007 error answer (bit 0 other error, 1 no such data,
/// 2 password or authority, 3 baud rate cannot change, 4 too many year zones, 5 too many
/// day periods, 6 too many tariffs).
public struct DLT645ErrorFlags: Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public var meaning: String {
        let names = ["other error", "no such data", "password or authority refused", "baud rate cannot change",
                     "too many year time zones", "too many daily periods", "too many tariffs"]
        let set = names.indices.filter { rawValue & (1 << UInt8($0)) != 0 }.map { names[$0] }
        return set.isEmpty ? "error byte \(DLT645Reading.hex(rawValue))" : set.joined(separator: ", ")
    }
}
