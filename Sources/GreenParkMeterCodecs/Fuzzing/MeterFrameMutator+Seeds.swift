extension MeterFrameMutator {
    /// Valid frames of every kind the codecs read, made with this module's encoders:
    /// DL/T 645 reads and replies of every named item (with 0 and 4 FE), error and
    /// read-address exchanges, Modbus FC 03/04 requests, answers of 1 to 125 registers
    /// and exceptions.
    public static let standardSeeds: [[UInt8]] = {
        var seeds: [[UInt8]] = []
        let addresses = [DLT645Address(wire: 0x1210_7856_3412), DLT645Address(wire: 1), .broadcast]
        let values: [Int64] = [1_200_055, 0, 99_999, -123_456]
        for (index, name) in DLT645DataItem.named.keys.sorted().enumerated() {
            let item = DLT645DataItem.named[name]!
            let address = addresses[index % addresses.count]
            let value = item.format.signed ? values[index % values.count] : abs(values[index % values.count])
            var mantissa = value
            // Keep within the item's digits: 2 * bytes digits, one bit less when signed.
            let limit = (0..<(2 * item.format.bytes)).reduce(Int64(1)) { value, _ in value * 10 } / 2
            mantissa %= limit
            let reading = DLT645Reading(
                address: address, di: item.di, value: ScaledDecimal(mantissa: mantissa, decimals: item.format.decimals))
            for preamble in [0, 4] {
                seeds.append(DLT645Frame.read(item.di, at: address).encoded(preamble: preamble))
                if let reply = try? reading.replyFrame(item: item) { seeds.append(reply.encoded(preamble: preamble)) }
            }
        }
        let meter = addresses[0]
        let frames = [
            try? DLT645Frame(address: meter, control: DLT645Control.readData.errorReply, data: [0x01]),
            try? DLT645Frame(address: .broadcast, control: .readAddress, data: []),
            try? DLT645Frame(address: meter, control: DLT645Control.readAddress.reply, data: meter.wireBytes),
        ]
        seeds += frames.compactMap { $0?.encoded(preamble: 4) }
        for (count, function) in [(1, ModbusFunction.readHoldingRegisters), (2, .readInputRegisters),
                                  (4, .readInputRegisters), (8, .readHoldingRegisters), (125, .readInputRegisters)] {
            if let request = try? ModbusRequest(
                transaction: UInt16(count), unit: 1, function: function, address: 72, count: UInt16(count))
            {
                seeds.append(request.encoded())
            }
            let registers = (0..<count).map { UInt16(truncatingIfNeeded: 0x47F1 &* ($0 + 1)) }
            seeds.append(ModbusResponse(transaction: UInt16(count), unit: 1, function: function,
                                        body: .registers(registers)).encoded())
        }
        seeds.append(ModbusResponse(transaction: 9, unit: 247, function: .readInputRegisters,
                                    body: .exception(.illegalDataAddress)).encoded())
        return seeds
    }()
}
