import Testing
@testable import GreenParkMeterCodecs

@Suite struct ModbusResponseTests {
    static let request = try! ModbusRequest(
        transaction: 0x0102, unit: 1, function: .readInputRegisters, address: 72, count: 4)

    /// The answer to ModbusRequestTests.fc04: 4 registers = 8 bytes; MBAP length
    /// 1 (unit) + 1 (function) + 1 (byte count) + 8 = 11 = 0x0B, 6 + 11 = 17 bytes in all.
    static let answer: [UInt8] = [0x01, 0x02, 0x00, 0x00, 0x00, 0x0B, 0x01, 0x04, 0x08,
                                  0x47, 0xF1, 0x20, 0x64, 0x00, 0xBC, 0x61, 0x4E]
    /// FC 04 | 0x80 = 0x84, exception 02 (illegal data address); length 1 + 1 + 1 = 3.
    static let exception: [UInt8] = [0x01, 0x02, 0x00, 0x00, 0x00, 0x03, 0x01, 0x84, 0x02]

    static func decode(_ bytes: [UInt8]) throws(MeterCodecError) -> ModbusResponse {
        try raw(bytes) { b throws(MeterCodecError) in try ModbusResponse.decode(b) }
    }

    static func kind(_ bytes: [UInt8]) -> MeterCodecError.Kind? { failure { try decode(bytes) }?.kind }

    @Test func anAnswerDecodesToItsRegisters() throws {
        let response = try Self.decode(Self.answer)
        #expect(response.transaction == 0x0102)
        #expect(response.unit == 1)
        #expect(response.function == .readInputRegisters)
        // Big-endian pairs: 47 F1 -> 0x47F1 ...
        #expect(response.body == .registers([0x47F1, 0x2064, 0x00BC, 0x614E]))
        #expect(try response.registers(answering: Self.request) == [0x47F1, 0x2064, 0x00BC, 0x614E])
        #expect(response.encoded() == Self.answer)
    }

    @Test func anExceptionAnswerIsTheUnitsRefusal() throws {
        let response = try Self.decode(Self.exception)
        #expect(response.function == .readInputRegisters)
        #expect(response.body == .exception(.illegalDataAddress))
        #expect(response.encoded() == Self.exception)
        let error = failure { try response.registers(answering: Self.request) }
        #expect(error?.kind == .meterRefused)
        #expect(error?.detail == "unit 1 refused registers 72+4: illegal data address (the register is not mapped)")
        // FC 03 | 0x80 = 0x83 with code 0x0B; an unknown code 0x42 keeps its number.
        var other = Self.exception
        other[7] = 0x83
        other[8] = 0x0B
        #expect(try Self.decode(other).body == .exception(.gatewayTargetFailedToRespond))
        other[8] = 0x42
        #expect(try Self.decode(other).body == .exception(.other(0x42)))
        #expect(ModbusExceptionCode.other(0x42).meaning == "exception code 66")
    }

    @Test func everyExceptionCodeRoundTrips() {
        for code in UInt8.min...UInt8.max { #expect(ModbusExceptionCode(rawValue: code).rawValue == code) }
    }

    @Test func anAnswerToAnotherRequestIsAMismatch() throws {
        let response = try Self.decode(Self.answer)
        func mismatch(transaction: UInt16 = 0x0102, unit: UInt8 = 1, function: ModbusFunction = .readInputRegisters,
                      count: UInt16 = 4) -> MeterCodecError.Kind? {
            let request = try! ModbusRequest(
                transaction: transaction, unit: unit, function: function, address: 72, count: count)
            return failure { try response.registers(answering: request) }?.kind
        }
        #expect(mismatch() == nil)
        #expect(mismatch(transaction: 0x0103) == .mismatch)
        #expect(mismatch(unit: 2) == .mismatch)
        #expect(mismatch(function: .readHoldingRegisters) == .mismatch)
        #expect(mismatch(count: 2) == .mismatch)
        #expect(mismatch(count: 5) == .mismatch)
    }

    @Test func aMalformedAnswerIsRefused() {
        var bytes = Self.answer
        bytes[7] = 0x06  // write single register: not a read
        #expect(Self.kind(bytes) == .unsupportedFunction)
        bytes[7] = 0x81  // exception to read coils
        #expect(Self.kind(bytes) == .unsupportedFunction)
        bytes = Self.answer
        bytes[3] = 0x01  // protocol id 1
        #expect(Self.kind(bytes) == .badFraming)
        bytes = Self.answer
        bytes[8] = 0x07  // odd byte count, length 3 + 7 = 10 != 11
        #expect(Self.kind(bytes) == .badLength)
        bytes[8] = 0x06  // even, but 3 + 6 = 9 != 11
        #expect(Self.kind(bytes) == .badLength)
        // An odd count the length agrees with: 7 data bytes, length 3 + 7 = 10.
        #expect(Self.kind([1, 2, 0, 0, 0, 10, 1, 4, 7, 1, 2, 3, 4, 5, 6, 7]) == .badLength)
        // No registers at all: byte count 0, length 3.
        #expect(Self.kind([1, 2, 0, 0, 0, 3, 1, 4, 0]) == .badLength)
        // Length 2: a function code and no byte count.
        #expect(Self.kind([1, 2, 0, 0, 0, 2, 1, 4]) == .truncated)
        // An exception with a length other than 3.
        #expect(Self.kind([1, 2, 0, 0, 0, 4, 1, 0x84, 2, 0]) == .badLength)
        // 126 registers = 252 bytes need length 255, above the MBAP limit of 254.
        #expect(Self.kind([1, 2, 0, 0, 0, 255, 1, 4, 252] + [UInt8](repeating: 0, count: 252)) == .badLength)
        // 125 registers = 250 bytes, length 253: the largest answer.
        #expect(Self.kind([1, 2, 0, 0, 0, 253, 1, 4, 250] + [UInt8](repeating: 0, count: 250)) == nil)
    }

    @Test func truncatedAndTrailingBytes() {
        for cut in 0..<Self.answer.count {
            #expect(Self.kind(Array(Self.answer.prefix(cut))) == .truncated)
        }
        #expect(Self.kind(Self.answer + [0x00]) == .trailingBytes)
        #expect(Self.kind(Self.exception + Self.exception) == .trailingBytes)
    }
}
