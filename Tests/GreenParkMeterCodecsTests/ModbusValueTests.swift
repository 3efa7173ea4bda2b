import Testing
@testable import GreenParkMeterCodecs

@Suite struct ModbusValueTests {
    static func value(_ registers: [UInt16], _ type: ModbusValueType, _ order: ModbusWordOrder) -> RegisterNumber? {
        try? ModbusValue.decode(registers[...], as: type, order: order)
    }

    /// float32 123456.78 is 0x47F12064 (sign 0, exponent 0x8F = 143 = 127 + 16,
    /// 123456.78 / 2^16 = 1.88380...), the nearest float being 123456.78125.
    /// A = 47, B = F1, C = 20, D = 64.
    @Test("float32 123456.78 in each word order", arguments: [
        (ModbusWordOrder.bigEndian, [UInt16(0x47F1), 0x2064]),  // ABCD
        (.littleEndian, [0x2064, 0x47F1]),  // CDAB
        (.bigEndianByteSwap, [0xF147, 0x6420]),  // BADC
        (.littleEndianByteSwap, [0x6420, 0xF147]),  // DCBA
    ])
    func float32(order: ModbusWordOrder, registers: [UInt16]) {
        #expect(Self.value(registers, .float32, order) == .floatingPoint(123_456.781_25))
        #expect(ModbusValue.encode(0x47F1_2064, as: .float32, order: order) == registers)
    }

    /// uint32 12345678 = 0x00BC614E: A = 00, B = BC, C = 61, D = 4E.
    @Test("uint32 12345678 in each word order", arguments: [
        (ModbusWordOrder.bigEndian, [UInt16(0x00BC), 0x614E]),
        (.littleEndian, [0x614E, 0x00BC]),
        (.bigEndianByteSwap, [0xBC00, 0x4E61]),
        (.littleEndianByteSwap, [0x4E61, 0xBC00]),
    ])
    func uint32(order: ModbusWordOrder, registers: [UInt16]) {
        #expect(Self.value(registers, .uint32, order) == .integer(12_345_678))
        #expect(ModbusValue.encode(12_345_678, as: .uint32, order: order) == registers)
    }

    /// int32 -123456 = 2^32 - 123456 = 4294843840 = 0xFFFE1DC0.
    @Test("int32 -123456 in each word order", arguments: [
        (ModbusWordOrder.bigEndian, [UInt16(0xFFFE), 0x1DC0]),
        (.littleEndian, [0x1DC0, 0xFFFE]),
        (.bigEndianByteSwap, [0xFEFF, 0xC01D]),
        (.littleEndianByteSwap, [0xC01D, 0xFEFF]),
    ])
    func int32(order: ModbusWordOrder, registers: [UInt16]) {
        #expect(Self.value(registers, .int32, order) == .integer(-123_456))
        // The same registers read unsigned: 4294843840.
        #expect(Self.value(registers, .uint32, order) == .integer(4_294_843_840))
    }

    /// float64 123456.789 = 0x40FE240C9FBE76C9.
    @Test("float64 123456.789 in each word order", arguments: [
        (ModbusWordOrder.bigEndian, [UInt16(0x40FE), 0x240C, 0x9FBE, 0x76C9]),
        (.littleEndian, [0x76C9, 0x9FBE, 0x240C, 0x40FE]),
        (.bigEndianByteSwap, [0xFE40, 0x0C24, 0xBE9F, 0xC976]),
        (.littleEndianByteSwap, [0xC976, 0xBE9F, 0x0C24, 0xFE40]),
    ])
    func float64(order: ModbusWordOrder, registers: [UInt16]) {
        #expect(Self.value(registers, .float64, order) == .floatingPoint(123_456.789))
        #expect(ModbusValue.encode(0x40FE_240C_9FBE_76C9, as: .float64, order: order) == registers)
    }

    @Test func uint64AboveInt64MaxIsLargeUnsigned() {
        // 2^63 + 1 = 9223372036854775809 = 0x8000000000000001 does not fit Int64.
        #expect(Self.value([0x8000, 0, 0, 1], .uint64, .bigEndian) == .largeUnsigned(9_223_372_036_854_775_809))
        #expect(Self.value([1, 0, 0, 0x8000], .uint64, .littleEndian) == .largeUnsigned(9_223_372_036_854_775_809))
        // Int64.max = 0x7FFF...FF still does.
        #expect(Self.value([0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF], .uint64, .bigEndian) == .integer(Int64.max))
        #expect(Self.value([0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], .uint64, .bigEndian) == .largeUnsigned(UInt64.max))
        // The same bits as int64: -1 and Int64.min + 1.
        #expect(Self.value([0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], .int64, .bigEndian) == .integer(-1))
        #expect(Self.value([0x8000, 0, 0, 1], .int64, .bigEndian) == .integer(Int64.min + 1))
        // 0x0000_0001_0000_0002 = 4294967298, little: words reversed.
        #expect(Self.value([2, 0, 1, 0], .uint64, .littleEndian) == .integer(4_294_967_298))
        #expect(Self.value([0x0200, 0, 0x0100, 0], .uint64, .littleEndianByteSwap) == .integer(4_294_967_298))
    }

    @Test func sixteenBitValues() {
        // 0xFF9C: unsigned 65436, signed 65436 - 65536 = -100.
        #expect(Self.value([0xFF9C], .uint16, .bigEndian) == .integer(65_436))
        #expect(Self.value([0xFF9C], .int16, .bigEndian) == .integer(-100))
        // One register: word order does nothing, the byte swap does (0x9CFF = 40191, -25345).
        #expect(Self.value([0xFF9C], .int16, .littleEndian) == .integer(-100))
        #expect(Self.value([0xFF9C], .uint16, .bigEndianByteSwap) == .integer(40_191))
        #expect(Self.value([0xFF9C], .int16, .littleEndianByteSwap) == .integer(-25_345))
    }

    @Test func aValueNeedsExactlyItsRegisters() throws {
        for type in ModbusValueType.allCases {
            for count in 0...5 {
                let error = failure {
                    try ModbusValue.decode([UInt16](repeating: 1, count: count)[...], as: type, order: .bigEndian)
                }
                #expect((error?.kind == .badLength) == (count != type.registerCount))
            }
        }
        // A slice that does not start at index 0 reads its own registers.
        let registers: [UInt16] = [0xDEAD, 0x00BC, 0x614E, 0xBEEF]
        #expect(try ModbusValue.decode(registers[1...2], as: .uint32, order: .bigEndian) == .integer(12_345_678))
    }

    @Test func floatSpecialValuesAreReadAsTheyAre() {
        // 0x7FC00000 is a quiet NaN, 0xFF800000 minus infinity: the caller decides.
        guard case .floatingPoint(let nan) = Self.value([0x7FC0, 0], .float32, .bigEndian) else {
            Issue.record("NaN is not a float")
            return
        }
        #expect(nan.isNaN)
        #expect(Self.value([0xFF80, 0], .float32, .bigEndian) == .floatingPoint(-.infinity))
    }
}
