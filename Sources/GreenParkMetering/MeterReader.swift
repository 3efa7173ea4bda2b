import GreenParkFormats
import GreenParkMeterCodecs
import Synchronization

/// Reads one meter's energy register (and its identity) over its connection.
///
/// Rules: Modbus reads `type.registerCount` registers at `register` with the configured
/// function and checks the answer's transaction, unit and count; DL/T 645 reads the data
/// item at the meter's address and checks the answering address and DI. The identity is the
/// Modbus serial number register (when configured) or the DL/T 645 address.
struct MeterReader: Sendable {
    let poll: MeterPoll
    let connection: MeterConnection
    private let transactions = TransactionCounter()

    init(poll: MeterPoll, connection: MeterConnection) {
        self.poll = poll
        self.connection = connection
    }

    /// The register in Wh, as the meter shows it.
    func readWattHours(timeoutMillis: Int64) async throws -> Int64 {
        switch poll.target {
        case .modbus(let point):
            let registers = try await modbus(point, address: point.register, count: UInt16(point.type.registerCount),
                                             timeoutMillis: timeoutMillis)
            let number = try ModbusValue.decode(registers[...], as: point.type, order: point.order)
            return try RegisterScale.wattHours(number, scaleKWh: point.scaleKWh)
        case .dlt645(let point):
            let answer = try await connection.exchange(
                DLT645Frame.read(point.item.di, at: point.address).encoded(), timeoutMillis: timeoutMillis)
            let reading = try answer.withUnsafeBytes { bytes throws(MeterCodecError) in
                try DLT645Reading.decode(bytes, item: point.item)
            }
            guard reading.address == point.address else {
                throw MeterCodecError(.mismatch, "meter \(reading.address) answered a read of \(point.address)")
            }
            return try RegisterScale.wattHours(kWh: reading.value)
        }
    }

    /// Who the meter is: its serial number register, or its DL/T 645 address; nil when the
    /// park file gives no way to tell (``TelemetryService`` then uses where and how it is read).
    func readIdentity(timeoutMillis: Int64) async throws -> String? {
        switch poll.target {
        case .modbus(let point):
            guard let serial = point.serialRegister else { return nil }
            let registers = try await modbus(point, address: serial, count: 2, timeoutMillis: timeoutMillis)
            guard case .integer(let number) = try ModbusValue.decode(registers[...], as: .uint32, order: .bigEndian)
            else { return nil }
            return "serial \(number)"
        case .dlt645(let point):
            return "address \(point.address.meterNumber)"
        }
    }

    private func modbus(_ point: ModbusPoint, address: UInt16, count: UInt16,
                        timeoutMillis: Int64) async throws -> [UInt16] {
        let request = try ModbusRequest(transaction: transactions.next(), unit: point.unit, function: point.function,
                                        address: address, count: count)
        let answer = try await connection.exchange(request.encoded(), timeoutMillis: timeoutMillis)
        let response = try answer.withUnsafeBytes { bytes throws(MeterCodecError) in
            try ModbusResponse.decode(bytes)
        }
        return try response.registers(answering: request)
    }
}

/// Modbus transaction ids, one sequence per meter.
final class TransactionCounter: Sendable {
    private let value = Mutex<UInt16>(0)

    func next() -> UInt16 {
        value.withLock {
            $0 &+= 1
            return $0
        }
    }
}
