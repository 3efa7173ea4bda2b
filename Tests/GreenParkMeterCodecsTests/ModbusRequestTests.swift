import Testing
@testable import GreenParkMeterCodecs

@Suite struct ModbusRequestTests {
    /// FC 04 at register 72 (0x0048), 4 registers, unit 1, transaction 0x0102:
    /// MBAP 01 02 | 00 00 | 00 06 (unit + 5 PDU bytes) | 01, PDU 04 | 00 48 | 00 04.
    static let fc04: [UInt8] = [0x01, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x04, 0x00, 0x48, 0x00, 0x04]

    @Test func aReadOfInputRegistersEncodesByteForByte() throws {
        let request = try ModbusRequest(
            transaction: 0x0102, unit: 1, function: .readInputRegisters, address: 72, count: 4)
        #expect(request.encoded() == Self.fc04)
        #expect(request.encoded().count == ModbusRequest.encodedSize)
        #expect(try raw(Self.fc04) { b throws(MeterCodecError) in try ModbusRequest.decode(b) } == request)
    }

    @Test func aReadOfHoldingRegistersEncodesByteForByte() throws {
        // FC 03, transaction 0xFFFE, unit 247, address 40001 = 0x9C41, 125 = 0x7D registers.
        let request = try ModbusRequest(
            transaction: 0xFFFE, unit: 247, function: .readHoldingRegisters, address: 40001, count: 125)
        #expect(request.encoded() == [0xFF, 0xFE, 0, 0, 0, 6, 247, 0x03, 0x9C, 0x41, 0x00, 0x7D])
    }

    @Test func theRequestLimits() throws {
        // 1 to 125 registers.
        #expect(failure { try ModbusRequest(transaction: 1, unit: 1, function: .readInputRegisters,
                                            address: 0, count: 0) }?.kind == .badRequest)
        #expect(failure { try ModbusRequest(transaction: 1, unit: 1, function: .readInputRegisters,
                                            address: 0, count: 126) }?.kind == .badRequest)
        // 65535 + 1 = 65536 is the last register range that fits; 65535 + 2 runs past it.
        #expect(failure { try ModbusRequest(transaction: 1, unit: 1, function: .readInputRegisters,
                                            address: 65535, count: 1) } == nil)
        #expect(failure { try ModbusRequest(transaction: 1, unit: 1, function: .readInputRegisters,
                                            address: 65535, count: 2) }?.kind == .badRequest)
    }

    @Test func aDecodedRequestIsCheckedLikeAnEncodedOne() {
        func kind(_ bytes: [UInt8]) -> MeterCodecError.Kind? {
            failure { try raw(bytes) { b throws(MeterCodecError) in try ModbusRequest.decode(b) } }?.kind
        }
        #expect(kind(Self.fc04) == nil)
        var other = Self.fc04
        other[7] = 0x01  // read coils: not a register read
        #expect(kind(other) == .unsupportedFunction)
        other = Self.fc04
        other[11] = 0  // 0 registers
        #expect(kind(other) == .badRequest)
        other = Self.fc04
        other[2] = 0x01  // protocol id 0x0100
        #expect(kind(other) == .badFraming)
        // MBAP length 7 with one more byte: a whole frame, but not a 5-byte read PDU.
        #expect(kind([0x01, 0x02, 0, 0, 0, 7, 1, 4, 0, 0x48, 0, 4, 0]) == .badLength)
        #expect(kind(Array(Self.fc04.dropLast())) == .truncated)
        #expect(kind(Self.fc04 + [0]) == .trailingBytes)
    }
}

@Suite struct ModbusHeaderTests {
    static func size(_ bytes: [UInt8]) -> (size: Int?, error: MeterCodecError.Kind?) {
        do {
            return (try raw(bytes) { b throws(MeterCodecError) in try ModbusHeader.frameSize(b) }, nil)
        } catch {
            return (nil, error.kind)
        }
    }

    @Test func theFrameSizeIsSixPlusTheLengthField() {
        // Length 6: 6 + 6 = 12 bytes; length 0x00FE = 254 (the largest): 260 bytes.
        #expect(Self.size([1, 2, 0, 0, 0, 6, 1]).size == 12)
        #expect(Self.size([1, 2, 0, 0, 0, 254, 1]).size == 260)
        #expect(Self.size([1, 2, 0, 0, 0, 2, 1]).size == 8)
        // Fewer than 7 bytes: wait for more.
        #expect(Self.size([1, 2, 0, 0, 0, 6]) == (nil, nil))
        #expect(Self.size([]) == (nil, nil))
    }

    @Test func aHeaderThatCannotStartAFrameIsRefusedAtOnce() {
        #expect(Self.size([1, 2, 0, 1, 0, 6, 1]).error == .badFraming)  // protocol id 1
        #expect(Self.size([1, 2, 0x80, 0, 0, 6, 1]).error == .badFraming)  // protocol id 0x8000
        #expect(Self.size([1, 2, 0, 0, 0, 1, 1]).error == .badLength)  // no room for a function code
        #expect(Self.size([1, 2, 0, 0, 0, 0, 1]).error == .badLength)
        #expect(Self.size([1, 2, 0, 0, 0, 255, 1]).error == .badLength)  // 6 + 255 = 261 > 260
        #expect(Self.size([1, 2, 0, 0, 1, 0, 1]).error == .badLength)  // 256
        #expect(Self.size([1, 2, 0, 0, 0xFF, 0xFF, 1]).error == .badLength)
    }

    @Test func theHeaderOfAWholeFrame() throws {
        let header = try raw(ModbusRequestTests.fc04) { b throws(MeterCodecError) in try ModbusHeader(b) }
        #expect(header.transaction == 0x0102)
        #expect(header.length == 6)
        #expect(header.unit == 1)
        #expect(failure { try raw([1, 2, 0, 0, 0]) { b throws(MeterCodecError) in try ModbusHeader(b) } }?.kind
            == .truncated)
    }
}
