/// A DL/T 645-2007 meter address: 12 BCD digits in 6 bytes, sent least significant byte
/// first. The meter number printed on the nameplate is the digits most significant first,
/// so nameplate `121078563412` travels as `12 34 56 78 10 12`.
///
/// Rule: each digit is 0-9; `A` stands for a wildcard digit (`AAAAAAAAAAAA` is the
/// broadcast address used to ask a single meter on a bus for its number).
public struct DLT645Address: Hashable, Sendable, CustomStringConvertible {
    /// The six bytes in wire order, byte 0 in the lowest 8 bits.
    public let wire: UInt64

    /// The broadcast address `AA AA AA AA AA AA`.
    public static let broadcast = DLT645Address(wire: 0xAAAA_AAAA_AAAA)

    /// From the six bytes in wire order.
    public init(wireBytes bytes: some Sequence<UInt8>) {
        var value: UInt64 = 0
        for (index, byte) in bytes.prefix(6).enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        wire = value
    }

    init(wire: UInt64) { self.wire = wire & 0xFFFF_FFFF_FFFF }

    /// From the nameplate number, 12 digits most significant first (`A` = wildcard).
    public init(meterNumber text: String) throws(MeterCodecError) {
        let digits = Array(text.utf8)
        guard digits.count == 12 else {
            throw MeterCodecError(.badRequest, "a DL/T 645 address has 12 digits, \"\(text)\" has \(digits.count)")
        }
        var value: UInt64 = 0
        for pair in 0..<6 {
            // Pair 0 is the most significant: it goes last on the wire (byte 5).
            var byte: UInt64 = 0
            for digit in digits[(2 * pair)..<(2 * pair + 2)] {
                let nibble: UInt64
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "A"), UInt8(ascii: "a"): nibble = 0xA
                default:
                    throw MeterCodecError(.badRequest, "DL/T 645 address \"\(text)\" must be digits 0-9 (or A)")
                }
                byte = byte << 4 | nibble
            }
            value |= byte << (8 * UInt64(5 - pair))
        }
        wire = value
    }

    /// The six bytes in wire order.
    public var wireBytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: wire >> (8 * UInt64($0))) } }

    /// The nameplate number: digits most significant first.
    public var meterNumber: String {
        let hex = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for byte in wireBytes.reversed() {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { meterNumber }
}
