import Testing
@testable import GreenParkMeterCodecs

/// Byte-for-byte agreement with every exchange of `Fixtures/dlt645_frames.json`, frames
/// captured from the `dlt645` package's simulated meter and client.
@Suite struct DLT645FixtureTests {
    static let exchanges = FrameFixtures.shared.frames

    @Test func theFileHasItsEightExchanges() {
        #expect(Self.exchanges.count == 8)
        #expect(Self.exchanges.filter { $0.response.controlByte == 0x91 }.count == 5)
        #expect(Self.exchanges.filter { $0.response.controlByte == 0xD1 }.count == 2)
        #expect(Self.exchanges.filter { $0.response.controlByte == 0x93 }.count == 1)
    }

    /// The package's address quirk (the file's `note`): it puts `123456781012` on the wire
    /// as given, `12 34 56 78 10 12`; least significant byte first that is meter
    /// 12 10 78 56 34 12 = `121078563412`, the number DLT645Address(meterNumber:) takes.
    @Test func theAddressQuirkOfTheNote() throws {
        #expect(FrameFixtures.shared.note.contains("121078563412"))
        let address = try DLT645Address(meterNumber: "121078563412")
        #expect(Hex.text(address.wireBytes) == "12 34 56 78 10 12")
        #expect(DLT645Address(wireBytes: Hex.bytes("12 34 56 78 10 12")).meterNumber == "121078563412")
        // The package's own string read as a nameplate number would be another meter.
        #expect(try DLT645Address(meterNumber: "123456781012").wireBytes != address.wireBytes)
    }

    @Test("every frame decodes to the file's address, control, length, data and checksum",
          arguments: FrameFixtures.shared.frames.flatMap { [$0.request, $0.response] })
    func everyFrameDecodes(_ expected: FrameFixtures.Frame) throws {
        #expect(expected.checksumOk)
        let bytes = expected.bytes
        let frame = try DLT645Frame.decode(bytes)
        #expect(Hex.text(frame.address.wireBytes) == expected.addressWire)
        #expect(frame.address.meterNumber == expected.meterNumberPerStandardLSBFirst)
        #expect(frame.control.rawValue == expected.controlByte)
        #expect(frame.data.count == expected.length)
        #expect(Hex.text(frame.data) == expected.dataDecoded)
        // The wire data is the decoded data plus 0x33, at offset preamble + 10.
        let start = expected.preambleCount + 10
        #expect(Hex.text(bytes[start..<(start + expected.length)]) == expected.dataWirePlus0x33)
        // CS is the sum mod 256 of 68 .. DATA, and sits before the final 16.
        let summed = bytes[expected.preambleCount..<(bytes.count - 2)].reduce(UInt8(0), &+)
        #expect(summed == expected.checksumByte)
        #expect(bytes[bytes.count - 2] == expected.checksumByte)
        // Re-encoding the decoded frame gives the captured bytes.
        #expect(Hex.text(frame.encoded(preamble: expected.preambleCount)) == expected.hex)
        // The same frame with its checksum off by one is refused as a checksum error.
        var broken = bytes
        broken[bytes.count - 2] &+= 1
        #expect(failure { try DLT645Frame.decode(broken) }?.kind == .badChecksum)
    }

    @Test("every read request is what DLT645Frame.read(di, at:) encodes",
          arguments: FrameFixtures.shared.frames.filter { $0.request.controlByte == 0x11 })
    func everyReadRequestEncodes(_ exchange: FrameFixtures.Exchange) throws {
        let request = exchange.request
        let address = try DLT645Address(meterNumber: request.meterNumberPerStandardLSBFirst)
        let frame = DLT645Frame.read(try #require(request.di), at: address)
        #expect(Hex.text(frame.encoded(preamble: 4)) == request.hex)
        #expect(try DLT645Frame.decode(request.bytes) == frame)
    }

    @Test("every value reply decodes to the file's DI and value and re-encodes byte for byte",
          arguments: FrameFixtures.shared.frames.filter { $0.response.controlByte == 0x91 })
    func everyValueReply(_ exchange: FrameFixtures.Exchange) throws {
        let response = exchange.response
        let di = try #require(response.di)
        let item = try #require(DLT645DataItem.named.values.first { $0.di == di })
        #expect(item.unit == response.unit)
        // "XXXXXX.XX": 8 digits in 4 bytes, 2 after the point.
        let format = try #require(response.format)
        let digits = format.filter { $0 == "X" }.count
        #expect(item.format.bytes * 2 == digits)
        #expect(item.format.decimals == digits - (format.firstIndex(of: ".").map { format.distance(
            from: format.startIndex, to: $0) } ?? digits))

        let reading = try raw(response.bytes) { bytes throws(MeterCodecError) in
            try DLT645Reading.decode(bytes, item: item)
        }
        #expect(reading.di == di)
        #expect(reading.address.meterNumber == response.meterNumberPerStandardLSBFirst)
        #expect(reading.value.description == Self.expectedValue(exchange))
        if let printed = exchange.clientDecodedValue { #expect(reading.value.description == printed) }

        let reply = try reading.replyFrame(item: item)
        #expect(Hex.text(reply.encoded(preamble: 4)) == response.hex)
    }

    /// The value of the fixture's own BCD bytes: `67 45 23 01` least significant first is
    /// 01234567, with format XXXXXX.XX `012345.67`, written `12345.67`.
    static func expectedValue(_ exchange: FrameFixtures.Exchange) -> String {
        let format = exchange.response.format!
        let digits = Hex.bytes(exchange.response.valueBcdLe!).reversed().map {
            String($0 >> 4) + String($0 & 0x0F)
        }.joined()
        let decimals = format.count - 1 - format.distance(from: format.startIndex, to: format.firstIndex(of: ".")!)
        var whole = String(digits.dropLast(decimals))
        while whole.count > 1, whole.first == "0" { whole.removeFirst() }
        return whole + "." + digits.suffix(decimals)
    }

    @Test func theExpectedValuesAreTheClientsWhereItPrintedOne() {
        // Cross-check of expectedValue itself on the four values the package's client printed.
        let printed = Self.exchanges.filter { $0.response.controlByte == 0x91 && $0.clientDecodedValue != nil }
        #expect(printed.count == 4)
        for exchange in printed { #expect(Self.expectedValue(exchange) == exchange.clientDecodedValue) }
        #expect(printed.map { Self.expectedValue($0) } == ["12000.55", "345.12", "231.5", "12.3456"])
    }

    @Test("every error reply (D1) is the meter's refusal with the error's meaning",
          arguments: FrameFixtures.shared.frames.filter { $0.response.controlByte == 0xD1 })
    func everyErrorReply(_ exchange: FrameFixtures.Exchange) throws {
        let response = exchange.response
        let errorByte = UInt8(try #require(response.errorByte).dropFirst(2), radix: 16)!
        // Error byte 01: bit 0, "other error" (DL/T 645-2007 table of error bits).
        #expect(errorByte == 0x01)
        #expect(DLT645ErrorFlags(rawValue: errorByte).meaning == "other error")
        let item = DLT645DataItem.named.values.first { $0.di == exchange.request.di } ?? .forwardActiveEnergy
        let error = failure { try raw(response.bytes) { bytes throws(MeterCodecError) in
            try DLT645Reading.decode(bytes, item: item)
        } }
        #expect(error?.kind == .meterRefused)
        #expect(error?.detail.hasSuffix(": other error") == true)
        let address = try DLT645Address(meterNumber: response.meterNumberPerStandardLSBFirst)
        let frame = try DLT645Frame(address: address, control: DLT645Control.readData.errorReply, data: [errorByte])
        #expect(Hex.text(frame.encoded(preamble: 4)) == response.hex)
    }

    @Test func theReadAddressExchange() throws {
        let exchange = try #require(Self.exchanges.first { $0.request.controlByte == 0x13 })
        // Request: broadcast AA..AA, C = 13, no data: 68+AA*6+68+13+00 = 0x4DF -> CS DF.
        let request = DLT645Frame(address: .broadcast, control: .readAddress)
        #expect(Hex.text(request.encoded(preamble: 4)) == exchange.request.hex)
        #expect(try DLT645Frame.decode(exchange.request.bytes) == request)
        // Reply: C = 93, the address again as data (+0x33 each: 12 -> 45, 34 -> 67 ...).
        let address = try raw(exchange.response.bytes) { bytes throws(MeterCodecError) in
            try DLT645AddressReply.decode(bytes)
        }
        #expect(address.meterNumber == "121078563412")
        // The package's client prints the wire order as its "address".
        #expect(Hex.text(address.wireBytes).replacingOccurrences(of: " ", with: "") == exchange.clientDecodedValue)
        let reply = try DLT645Frame(address: address, control: DLT645Control.readAddress.reply, data: address.wireBytes)
        #expect(Hex.text(reply.encoded(preamble: 4)) == exchange.response.hex)
    }
}

extension DLT645Frame {
    /// A frame without data (the read-address request).
    init(address: DLT645Address, control: DLT645Control) {
        try! self.init(address: address, control: control, data: [])
    }
}
