extension MeterCodecProbe {
    static func checkModbus(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Violation? {
        do {
            let size = try ModbusHeader.frameSize(raw)
            guard (size == nil) == (bytes.count < ModbusHeader.size) else {
                return violation("ModbusHeader.frameSize", "waits with \(bytes.count) bytes", bytes)
            }
            if let size {
                guard size >= 8, size <= ModbusHeader.maximumFrame else {
                    return violation("ModbusHeader.frameSize", "size \(size)", bytes)
                }
                if size <= bytes.count {
                    let frame = UnsafeRawBufferPointer(rebasing: raw[0..<size])
                    guard (try? ModbusHeader(frame)) != nil else {
                        return violation("ModbusHeader.init", "refuses the frame frameSize measured", bytes)
                    }
                }
            }
        } catch {}
        if let request = try? ModbusRequest.decode(raw), request.encoded() != bytes {
            return violation("ModbusRequest.decode", "the request re-encodes to other bytes", bytes)
        }
        guard let response = try? ModbusResponse.decode(raw) else { return nil }
        guard response.encoded() == bytes else {
            return violation("ModbusResponse.decode", "the answer re-encodes to other bytes", bytes)
        }
        guard case .registers(let registers) = response.body else { return nil }
        if let request = try? ModbusRequest(
            transaction: response.transaction, unit: response.unit, function: response.function, address: 0,
            count: UInt16(registers.count)), (try? response.registers(answering: request)) != registers
        {
            return violation("ModbusResponse.registers", "refuses the answer to its own request", bytes)
        }
        return checkValues(registers, bytes)
    }

    /// Every type in every word order at every offset of the first 8 registers.
    static func checkValues(_ all: [UInt16], _ bytes: [UInt8]) -> Violation? {
        let registers = Array(all.prefix(8))
        for type in ModbusValueType.allCases {
            for order in ModbusWordOrder.allCases {
                for start in stride(from: 0, through: registers.count - type.registerCount, by: type.registerCount) {
                    let slice = registers[start..<(start + type.registerCount)]
                    let number: RegisterNumber
                    do {
                        number = try ModbusValue.decode(slice, as: type, order: order)
                    } catch {
                        return violation("ModbusValue.decode", "refuses \(type) of its own size: \(error)", bytes)
                    }
                    let bits: UInt64
                    switch number {
                    case .integer(let value): bits = UInt64(bitPattern: value)
                    case .largeUnsigned(let value): bits = value
                    case .floatingPoint(let value) where value.isNaN: continue
                    case .floatingPoint(let value): bits = type == .float32
                        ? UInt64(Float(value).bitPattern) : value.bitPattern
                    }
                    guard ModbusValue.encode(bits, as: type, order: order)[...] == slice else {
                        return violation("ModbusValue.decode", "\(type) \(order) re-encodes otherwise", bytes)
                    }
                }
            }
        }
        let short = registers.prefix(1)
        if (try? ModbusValue.decode(short, as: .float64, order: .bigEndian)) != nil {
            return violation("ModbusValue.decode", "reads float64 from one register", bytes)
        }
        return nil
    }
}
