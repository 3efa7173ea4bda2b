import Testing
@testable import GreenParkMeterCodecs

/// Hand-worked DL/T 645 frames: every structural and value check with a frame that fails it.
@Suite struct DLT645FrameTests {
    /// The forward energy reply of the fixture without its preamble:
    /// 68 | 12 34 56 78 10 12 | 68 | 91 | 08 | 33 33 34 33 | 88 33 53 34 | AE | 16.
    static let reply: [UInt8] = [0x68, 0x12, 0x34, 0x56, 0x78, 0x10, 0x12, 0x68, 0x91, 0x08,
                                 0x33, 0x33, 0x34, 0x33, 0x88, 0x33, 0x53, 0x34, 0xAE, 0x16]

    /// `bytes` (no preamble) with CS set to the sum of 68 .. DATA, so a test reaches the
    /// check after the checksum.
    static func summed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes[bytes.count - 2] = bytes[..<(bytes.count - 2)].reduce(0, &+)
        return bytes
    }

    static func frameKind(_ bytes: [UInt8]) -> MeterCodecError.Kind? {
        failure { try DLT645Frame.decode(bytes) }?.kind
    }

    static func reading(_ bytes: [UInt8], _ item: DLT645DataItem = .forwardActiveEnergy)
        throws(MeterCodecError) -> DLT645Reading
    {
        try raw(bytes) { b throws(MeterCodecError) in try DLT645Reading.decode(b, item: item) }
    }

    static func readingKind(_ bytes: [UInt8], _ item: DLT645DataItem = .forwardActiveEnergy)
        -> MeterCodecError.Kind?
    {
        failure { try reading(bytes, item) }?.kind
    }

    @Test func theChecksumOfTheReply() throws {
        // 68+12+34+56+78+10+12+68+91+08+33+33+34+33+88+33+53+34 = 0x6AE -> AE.
        #expect(Self.summed(Self.reply) == Self.reply)
        #expect(try Self.reading(Self.reply).value == ScaledDecimal(mantissa: 1_200_055, decimals: 2))
    }

    @Test func zeroToFourWakeUpBytes() throws {
        for count in 0...4 {
            let bytes = [UInt8](repeating: 0xFE, count: count) + Self.reply
            #expect(Self.frameKind(bytes) == nil)
            #expect(try Self.reading(bytes).value.description == "12000.55")
        }
        #expect(Self.frameKind([UInt8](repeating: 0xFE, count: 5) + Self.reply) == .badFraming)
        #expect(Self.readingKind([UInt8](repeating: 0xFE, count: 5) + Self.reply) == .badFraming)
    }

    @Test func theEnvelopeChecks() {
        var bytes = Self.reply
        bytes[0] = 0x69
        #expect(Self.frameKind(Self.summed(bytes)) == .badFraming)  // first 68
        bytes = Self.reply
        bytes[7] = 0x67
        #expect(Self.frameKind(Self.summed(bytes)) == .badFraming)  // second 68
        bytes = Self.reply
        bytes[19] = 0x17
        #expect(Self.frameKind(bytes) == .badFraming)  // end byte
        bytes = Self.reply
        bytes[18] = 0xAF
        #expect(Self.frameKind(bytes) == .badChecksum)
        bytes = Self.reply
        bytes[14] = 0x89  // a data byte changed, CS not
        #expect(Self.frameKind(bytes) == .badChecksum)
        #expect(Self.frameKind(Self.reply + [0x16]) == .trailingBytes)
        #expect(Self.readingKind(Self.reply + [0xFE]) == .trailingBytes)
        for cut in 0..<Self.reply.count { #expect(Self.frameKind(Array(Self.reply.prefix(cut))) == .truncated) }
    }

    @Test func theLengthLimit() throws {
        // L = 200 = 0xC8: 12 + 200 = 212 bytes; L = 201 is refused before anything is summed.
        let longest = try DLT645Frame(address: .broadcast, control: DLT645Control(rawValue: 0x91),
                                      data: [UInt8](repeating: 7, count: 200))
        let bytes = longest.encoded(preamble: 0)
        #expect(bytes.count == 212)
        #expect(try DLT645Frame.decode(bytes) == longest)
        var over = bytes + [0]
        over[9] = 201
        #expect(Self.frameKind(Self.summed(over)) == .badLength)
        over[9] = 0xFF
        #expect(Self.frameKind(over) == .badLength)
        #expect(failure { try DLT645Frame(address: .broadcast, control: .readData,
                                          data: [UInt8](repeating: 0, count: 201)) }?.kind == .badRequest)
    }

    @Test func aReadingChecksTheControlCode() {
        var bytes = Self.reply
        bytes[8] = 0x11  // the request's own control: not from the meter
        #expect(Self.readingKind(Self.summed(bytes)) == .mismatch)
        bytes[8] = 0x93  // the answer to a read-address
        #expect(Self.readingKind(Self.summed(bytes)) == .mismatch)
        bytes[8] = 0xB1  // 0x91 | 0x20: more frames follow; this one is still a reading
        #expect(Self.readingKind(Self.summed(bytes)) == nil)
    }

    @Test func anErrorAnswerIsARefusalEvenWithoutItsErrorByte() throws {
        // 68 A.. 68 D1 01 (02 + 33 = 35) CS 16: bit 1, "no such data".
        let refusal = try DLT645Frame(address: .broadcast, control: DLT645Control(rawValue: 0xD1), data: [0x02])
        let error = failure { try Self.reading(refusal.encoded()) }
        #expect(error?.kind == .meterRefused)
        #expect(error?.detail == "the meter refused the read of DI 00010000: no such data")
        // L = 0: no error byte; reported as error byte 00.
        let bare = try DLT645Frame(address: .broadcast, control: DLT645Control(rawValue: 0xD1), data: [])
        #expect(failure { try Self.reading(bare.encoded()) }?.detail.hasSuffix("error byte 00") == true)
        // Bits 1 and 2 together; bit 7 alone (reserved).
        #expect(DLT645ErrorFlags(rawValue: 0x06).meaning == "no such data, password or authority refused")
        #expect(DLT645ErrorFlags(rawValue: 0x80).meaning == "error byte 80")
    }

    @Test func aReadingChecksLengthDIAndDigits() throws {
        // Forward energy needs 4 + 4 data bytes; the phase voltage item needs 4 + 2.
        #expect(Self.readingKind(Self.reply, DLT645DataItem.phaseVoltages[0]) == .badLength)
        // Same length, other DI: the reverse energy item (DI 00 02 00 00).
        #expect(Self.readingKind(Self.reply, .reverseActiveEnergy) == .mismatch)
        // Value byte 0x88 - 0x33 = 0x55; 0x3D - 0x33 = 0x0A has low nibble A, 0xD3 - 0x33 = 0xA0 high.
        var bytes = Self.reply
        bytes[14] = 0x3D
        #expect(Self.readingKind(Self.summed(bytes)) == .badBCD)
        bytes[14] = 0xD3
        #expect(Self.readingKind(Self.summed(bytes)) == .badBCD)
        bytes[14] = 0xCC  // 0x99: the largest digit pair
        #expect(try Self.reading(Self.summed(bytes)).value.description == "12000.99")
    }

    @Test func aSignedValueCarriesItsSignInTheTopBit() throws {
        // Combined energy (signed): 01 20 00 55 with the top bit set -> 0x81 + 0x33 = 0xB4.
        var bytes = Self.reply
        bytes[12] = 0x33  // DI 00 00 00 00
        bytes[17] = 0xB4
        #expect(try Self.reading(Self.summed(bytes), .combinedActiveEnergy).value.description == "-12000.55")
        // The forward item is unsigned: 0x81 is the digits 8 and 1, 812000.55 kWh.
        bytes[12] = 0x34
        #expect(try Self.reading(Self.summed(bytes)).value.description == "812000.55")
    }

    @Test func oddFormatsAreRefusedOrReadExactly() throws {
        func item(_ bytes: Int, _ decimals: Int, signed: Bool = false) -> DLT645DataItem {
            DLT645DataItem(di: 0x0001_0000, format: DLT645ValueFormat(bytes: bytes, decimals: decimals, signed: signed),
                           unit: "kWh", name: "test")
        }
        #expect(Self.readingKind(Self.reply, item(0, 0)) == .badRequest)
        #expect(Self.readingKind(Self.reply, item(10, 0)) == .badRequest)
        #expect(Self.readingKind(Self.reply, item(4, 9)) == .badRequest)  // 9 decimals of 8 digits
        #expect(Self.readingKind(Self.reply, item(4, -1)) == .badRequest)
        #expect(try Self.reading(Self.reply, item(4, 8)).value.description == "0.01200055")
        #expect(try Self.reading(Self.reply, item(4, 0)).value.description == "1200055")
        // 9 bytes of 99: 18 nines, the largest value, fits Int64 (< 9.22e18).
        let nines = ScaledDecimal(mantissa: 999_999_999_999_999_999, decimals: 3)
        let frame = try DLT645Reading(address: .broadcast, di: 0x0001_0000, value: nines)
            .replyFrame(item: item(9, 3))
        #expect(frame.data == [0, 0, 1, 0] + [UInt8](repeating: 0x99, count: 9))
        let read = try Self.reading(frame.encoded(), item(9, 3))
        #expect(read.value == nines)
        #expect(read.value.description == "999999999999999.999")
        // Signed, the top byte keeps 0x80 for the sign: -799999999999999999 is the lowest, its
        // top byte 0x79 | 0x80 = 0xF9.
        let lowest = ScaledDecimal(mantissa: -799_999_999_999_999_999, decimals: 0)
        let signed = try DLT645Reading(address: .broadcast, di: 0x0001_0000, value: lowest)
            .replyFrame(item: item(9, 0, signed: true))
        #expect(signed.data.last == 0xF9)
        #expect(try Self.reading(signed.encoded(), item(9, 0, signed: true)).value == lowest)
    }

    @Test func aReplyFrameRefusesAValueItsFormatCannotCarry() {
        func kind(_ mantissa: Int64, _ decimals: Int, _ item: DLT645DataItem) -> MeterCodecError.Kind? {
            failure { try DLT645Reading(address: .broadcast, di: item.di,
                                        value: ScaledDecimal(mantissa: mantissa, decimals: decimals))
                .replyFrame(item: item) }?.kind
        }
        #expect(kind(1, 3, .forwardActiveEnergy) == .badRequest)  // 3 decimals, the item has 2
        #expect(kind(-1, 2, .forwardActiveEnergy) == .badValue)  // negative, unsigned item
        #expect(kind(99_999_999, 2, .forwardActiveEnergy) == nil)  // 8 digits: 999999.99
        #expect(kind(100_000_000, 2, .forwardActiveEnergy) == .badValue)  // 9 digits
        // Signed 4 bytes: 79999999 is the largest, 80000000 would take the sign bit.
        #expect(kind(79_999_999, 2, .combinedActiveEnergy) == nil)
        #expect(kind(-79_999_999, 2, .combinedActiveEnergy) == nil)
        #expect(kind(80_000_000, 2, .combinedActiveEnergy) == .badValue)
        let zeroBytes = DLT645DataItem(di: 0, format: DLT645ValueFormat(bytes: 0, decimals: 2, signed: false),
                                       unit: "", name: "")
        #expect(kind(0, 2, zeroBytes) == .badRequest)
    }

    @Test func theAddressReplyChecks() throws {
        let address = try DLT645Address(meterNumber: "121078563412")
        func kind(_ control: UInt8, _ data: [UInt8]) -> MeterCodecError.Kind? {
            let frame = try! DLT645Frame(address: address, control: DLT645Control(rawValue: control), data: data)
            return failure { try raw(frame.encoded()) { b throws(MeterCodecError) in
                try DLT645AddressReply.decode(b) } }?.kind
        }
        #expect(kind(0x93, address.wireBytes) == nil)
        #expect(kind(0x91, address.wireBytes) == .mismatch)
        #expect(kind(0xD3, [0x01]) == .mismatch)
        #expect(kind(0x93, Array(address.wireBytes.prefix(5))) == .badLength)
        #expect(kind(0x93, address.wireBytes + [0]) == .badLength)
        #expect(kind(0x93, [0x13] + address.wireBytes.dropFirst()) == .mismatch)
    }

    @Test func addressesFromNameplateNumbers() throws {
        #expect(try DLT645Address(meterNumber: "AAAAAAAAAAAA") == .broadcast)
        #expect(try DLT645Address(meterNumber: "aaaaaaaaaaaa") == .broadcast)
        #expect(try DLT645Address(meterNumber: "000000000001").wireBytes == [1, 0, 0, 0, 0, 0])
        #expect(failure { try DLT645Address(meterNumber: "12107856341") }?.kind == .badRequest)
        #expect(failure { try DLT645Address(meterNumber: "1210785634123") }?.kind == .badRequest)
        #expect(failure { try DLT645Address(meterNumber: "12107856341B") }?.kind == .badRequest)
        #expect(failure { try DLT645Address(meterNumber: "12107856341 ") }?.kind == .badRequest)
        // Wire bytes beyond six are ignored; the nameplate shows non-BCD nibbles as hex.
        #expect(DLT645Address(wireBytes: [0x12, 0x34, 0x56, 0x78, 0x10, 0x12, 0xFF]).meterNumber == "121078563412")
        #expect(DLT645Address(wireBytes: [0xFF, 0, 0, 0, 0, 0x0B]).meterNumber == "0B00000000FF")
    }
}
