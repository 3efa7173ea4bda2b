import PropertyBased
import Testing
@testable import GreenParkMeterCodecs

/// Encode then decode is the identity, for random frames and values of every kind.
@Suite struct CodecRoundTripTests {
    @Test func dlt645Frames() async {
        await propertyCheck(
            count: 500, input: Gen.uint64(in: 0...0xFFFF_FFFF_FFFF), Gen.uint8(), Gen.uint8().array(of: 0...200),
            Gen.int(in: 0...4)
        ) { wire, control, data, preamble in
            let address = DLT645Address(wire: wire)
            let frame = try DLT645Frame(address: address, control: DLT645Control(rawValue: control), data: data)
            let bytes = frame.encoded(preamble: preamble)
            // FE x preamble + 12 envelope bytes + data.
            #expect(bytes.count == preamble + 12 + data.count)
            #expect(try DLT645Frame.decode(bytes) == frame)
            #expect(bytes.withUnsafeBytes { DLT645Scanner.next($0) } == .frame(bytes.count))
            #expect(DLT645Address(wireBytes: address.wireBytes) == address)
        }
    }

    @Test func dlt645Readings() async {
        let items = DLT645DataItem.named.keys.sorted().map { DLT645DataItem.named[$0]! }
        await propertyCheck(
            count: 500, input: Gen.int(in: 0..<items.count), Gen.int64(in: -99_999_999...99_999_999),
            Gen.uint64(in: 0...0xFFFF_FFFF_FFFF), Gen.bool
        ) { index, raw, wire, more in
            let item = items[index]
            // Fit the value to the item: 2 * bytes digits, below 8 * 10^(digits - 1) when signed.
            let digits = 2 * item.format.bytes
            let limit = (0..<digits).reduce(Int64(1)) { value, _ in value * 10 } / (item.format.signed ? 10 : 1)
                * (item.format.signed ? 8 : 1)
            let mantissa = item.format.signed ? raw % limit : abs(raw) % limit
            let reading = DLT645Reading(
                address: DLT645Address(wire: wire), di: item.di,
                value: ScaledDecimal(mantissa: mantissa, decimals: item.format.decimals))
            var bytes = try reading.replyFrame(item: item).encoded(preamble: 4)
            if more {  // 0xB1: the same reading, more frames follow.
                bytes[12] = 0xB1
                bytes[bytes.count - 2] &+= 0x20
            }
            #expect(try bytes.withUnsafeBytes { try DLT645Reading.decode($0, item: item) } == reading)
        }
    }

    @Test func meterNumbers() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 12)) { digits in
            let text = digits.map(String.init).joined()
            let address = try DLT645Address(meterNumber: text)
            #expect(address.meterNumber == text)
            // The last two digits of the nameplate travel first.
            #expect(address.wireBytes[0] == UInt8(digits[10] << 4 | digits[11]))
        }
    }

    @Test func modbusRequestsAndAnswers() async {
        await propertyCheck(
            count: 500, input: Gen.uint16(), Gen.uint8(), Gen.uint16(in: 1...125), Gen.uint16().array(of: 1...125)
        ) { transaction, unit, count, registers in
            let request = try ModbusRequest(
                transaction: transaction, unit: unit, function: .readHoldingRegisters, address: 0, count: count)
            #expect(try request.encoded().withUnsafeBytes { try ModbusRequest.decode($0) } == request)
            let response = ModbusResponse(
                transaction: transaction, unit: unit, function: .readInputRegisters, body: .registers(registers))
            let bytes = response.encoded()
            // 7 header + function + byte count + 2 per register.
            #expect(bytes.count == 9 + 2 * registers.count)
            #expect(try bytes.withUnsafeBytes { try ModbusResponse.decode($0) } == response)
        }
    }

    @Test func modbusValues() async {
        await propertyCheck(
            count: 500, input: Gen.uint64(), Gen.int(in: 0..<ModbusValueType.allCases.count),
            Gen.int(in: 0..<ModbusWordOrder.allCases.count)
        ) { bits, typeIndex, orderIndex in
            let type = ModbusValueType.allCases[typeIndex], order = ModbusWordOrder.allCases[orderIndex]
            let registers = ModbusValue.encode(bits, as: type, order: order)
            #expect(registers.count == type.registerCount)
            let value = try ModbusValue.decode(registers[...], as: type, order: order)
            let width = UInt64(16 * type.registerCount)
            let kept = width == 64 ? bits : bits & (1 << width - 1)
            switch (type, value) {
            case (.float32, .floatingPoint(let double)):
                #expect(double.isNaN || UInt64(Float(double).bitPattern) == kept)
            case (.float64, .floatingPoint(let double)):
                #expect(double.isNaN || double.bitPattern == kept)
            case (.uint64, .largeUnsigned(let unsigned)):
                #expect(unsigned == kept && unsigned > UInt64(Int64.max))
            case (.int16, .integer(let integer)): #expect(integer == Int64(Int16(truncatingIfNeeded: kept)))
            case (.int32, .integer(let integer)): #expect(integer == Int64(Int32(truncatingIfNeeded: kept)))
            case (_, .integer(let integer)): #expect(UInt64(bitPattern: integer) == kept)
            default: Issue.record("\(type) read as \(value)")
            }
        }
    }
}
