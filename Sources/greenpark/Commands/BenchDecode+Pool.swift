import GreenParkCore
import GreenParkMeterCodecs

/// The frames `greenpark bench decode` times: built once, back to back in one buffer, and
/// decoded round-robin so the timing is the decoder's, not the frames' making.
struct DecodePool {
    struct Result {
        var count = 0
        var seconds = 0.0
        /// Sum of what was decoded, printed so the work cannot be optimised away.
        var checksum: Int64 = 0
        /// Frames that did not decode (0 unless a decoder is broken).
        var failed = 0
    }

    enum Frames {
        /// DL/T 645 replies: forward active energy, or reverse where `true`.
        case dlt645(reverse: [Bool])
        /// Modbus answers, each register pair or quadruple read as its type and order.
        case modbus([(ModbusValueType, ModbusWordOrder)])
    }

    static let size = 4_096
    let bytes: [UInt8]
    /// Frame `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    let offsets: [Int]
    let frames: Frames

    /// Forward and reverse active energy replies: 12-digit addresses, values 0 to
    /// 999999.99 kWh, preambles of 0 and 4 FE.
    static func dlt645(seed: UInt64) throws -> DecodePool {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = [], offsets = [0], reverse: [Bool] = []
        for index in 0..<size {
            let item = index % 2 == 0 ? DLT645DataItem.forwardActiveEnergy : .reverseActiveEnergy
            let number = (0..<12).map { _ in String(random.next() % 10) }.joined()
            let value = ScaledDecimal(mantissa: Int64(random.next() % 100_000_000), decimals: 2)
            let reading = DLT645Reading(address: try DLT645Address(meterNumber: number), di: item.di, value: value)
            bytes += try reading.replyFrame(item: item).encoded(preamble: random.next() % 2 == 0 ? 0 : 4)
            offsets.append(bytes.count)
            reverse.append(index % 2 == 1)
        }
        return DecodePool(bytes: bytes, offsets: offsets, frames: .dlt645(reverse: reverse))
    }

    /// Answers of 2 registers (float32, uint32, int32) or 4 (uint64), every word order.
    static func modbus(seed: UInt64) throws -> DecodePool {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = [], offsets = [0], specs: [(ModbusValueType, ModbusWordOrder)] = []
        let types: [ModbusValueType] = [.float32, .uint32, .int32, .uint64]
        for index in 0..<size {
            let type = types[index % types.count]
            let order = ModbusWordOrder.allCases[(index / types.count) % ModbusWordOrder.allCases.count]
            let registers = ModbusValue.encode(random.next() >> 8, as: type, order: order)
            let response = ModbusResponse(
                transaction: UInt16(truncatingIfNeeded: index), unit: 1, function: .readInputRegisters,
                body: .registers(registers))
            bytes += response.encoded()
            offsets.append(bytes.count)
            specs.append((type, order))
        }
        return DecodePool(bytes: bytes, offsets: offsets, frames: .modbus(specs))
    }

    /// Decodes `count` frames, or for `seconds` when given, on the calling thread.
    func time(count: Int, seconds: Double?) -> Result {
        var result = Result()
        let start = ContinuousClock.now
        let limit = seconds.map { Duration.nanoseconds(Int64($0 * 1e9)) }
        let batch = seconds == nil ? count : 65_536
        repeat {
            let (sum, failed) = decode(batch, from: result.count % Self.size)
            result.checksum &+= sum
            result.failed += failed
            result.count += batch
        } while limit.map { ContinuousClock.now - start < $0 } ?? false
        result.seconds = (ContinuousClock.now - start).seconds
        return result
    }

    /// The sum of the values decoded and the number of frames that did not decode.
    private func decode(_ count: Int, from first: Int) -> (sum: Int64, failed: Int) {
        bytes.withUnsafeBytes { all in
            var sum: Int64 = 0, failed = 0, index = first
            switch frames {
            case .dlt645(let reverse):
                // Each item passed as a poller passes its stored item: borrowed, not copied per frame
                // (an item taken out of an array per frame costs a copy of its two strings, ~10 ns).
                let forwardItem = DLT645DataItem.forwardActiveEnergy, reverseItem = DLT645DataItem.reverseActiveEnergy
                for _ in 0..<count {
                    let frame = UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])
                    let reading = reverse[index]
                        ? try? DLT645Reading.decode(frame, item: reverseItem)
                        : try? DLT645Reading.decode(frame, item: forwardItem)
                    if let reading { sum &+= reading.value.mantissa } else { failed += 1 }
                    index = index + 1 == Self.size ? 0 : index + 1
                }
            case .modbus(let specs):
                for _ in 0..<count {
                    let frame = UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])
                    if let response = try? ModbusResponse.decode(frame), case .registers(let registers) = response.body,
                       let value = try? ModbusValue.decode(registers[...], as: specs[index].0, order: specs[index].1)
                    {
                        if case .integer(let integer) = value { sum &+= integer } else { sum &+= 1 }
                    } else {
                        failed += 1
                    }
                    index = index + 1 == Self.size ? 0 : index + 1
                }
            }
            return (sum, failed)
        }
    }
}
