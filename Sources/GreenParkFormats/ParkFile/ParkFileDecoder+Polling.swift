import GreenParkCore
import GreenParkMeterCodecs
import Yams

/// `meters[].poll` (how a meter is read over the network) and the `telemetry` section.
extension ParkFileDecoder {
    enum PollProtocol: String, CaseIterable {
        case modbusTCP = "modbus-tcp"
        case dlt645
    }

    enum RegisterBank: String, CaseIterable {
        case holding, input
    }

    /// One meter's `poll:` mapping; `nil` (reported) when anything in it is wrong.
    func poll(_ node: Node, meter: String, _ path: FieldPath) -> MeterPoll? {
        guard let mapping = ParkMapping(node, at: path, expected: "a mapping with protocol, host, port, ...",
                                        keys: ParkSchema.pollKeys, diagnostics: diagnostics) else { return nil }
        guard let protocolNode = mapping.required("protocol", hint: "; modbus-tcp or dlt645"),
              let kind: PollProtocol = choice(protocolNode, path.key("protocol")) else { return nil }
        let host = mapping.required("host").flatMap { text($0, path.key("host")) }
        var port: Located<Int>?
        if let node = mapping.optional("port") {
            port = inRange(integer(node, path.key("port")), "a port is 1 to 65535") { (1...65_535).contains($0) }
        } else if kind == .modbusTCP {
            port = Located(value: 502, path: path.key("port"), location: mapping.location)
        } else {
            _ = mapping.required("port", hint: "; the TCP port of the meter or its RS-485 gateway")
        }
        var periodMillis: Int64? = 60_000
        if let node = mapping.optional("period_seconds") {
            let rule = "period_seconds must be 0.1 to 86400"
            periodMillis = inRange(decimal(node, path.key("period_seconds")), rule) {
                $0 >= Fixed6(parsing: "0.1")! && $0 <= Fixed6(86_400)
            }.map { $0.value.millionths / 1000 }
        }
        let allowed = kind == .modbusTCP ? ParkSchema.modbusPollKeys : ParkSchema.dlt645PollKeys
        for key in mapping.keys where !ParkSchema.commonPollKeys.contains(key) && !allowed.contains(key) {
            diagnostics.error(.unknownKey, at: mapping.keyLocation(key), path.key(key),
                              "\"\(key)\" does not apply to protocol \(kind.rawValue); its keys: "
                                  + (ParkSchema.commonPollKeys + allowed).joined(separator: ", "))
            return nil
        }
        let target = kind == .modbusTCP ? modbusPoint(mapping, path) : dlt645Point(mapping, path)
        guard let host, let port, let periodMillis, let target else { return nil }
        return MeterPoll(meter: meter, host: host.value, port: port.value, periodMillis: periodMillis, target: target)
    }

    private func modbusPoint(_ mapping: ParkMapping, _ path: FieldPath) -> MeterPoll.Target? {
        var complete = true
        func number(_ key: String, default value: Int?, in range: ClosedRange<Int>) -> Int? {
            guard let node = mapping.optional(key) else {
                if value == nil { _ = mapping.required(key); complete = false }
                return value
            }
            let found = inRange(integer(node, path.key(key)), "\(key) is \(range.lowerBound) to \(range.upperBound)") {
                range.contains($0)
            }
            if found == nil { complete = false }
            return found?.value
        }
        let unit = number("unit_id", default: 1, in: 0...255)
        let register = number("register", default: nil, in: 0...65_535)
        let serial = mapping.contains("serial_register") ? number("serial_register", default: nil, in: 0...65_534) : nil
        var bank = RegisterBank.holding, type = ModbusValueType.uint32, order = ModbusWordOrder.bigEndian
        if let node = mapping.optional("function") {
            if let value: RegisterBank = choice(node, path.key("function")) { bank = value } else { complete = false }
        }
        if let node = mapping.optional("type") {
            if let value: ModbusValueType = choice(node, path.key("type")) { type = value } else { complete = false }
        }
        if let node = mapping.optional("word_order") {
            if let value: ModbusWordOrder = choice(node, path.key("word_order")) { order = value } else {
                complete = false
            }
        }
        let scale = mapping.required("scale_kwh", hint: "; kWh per count, e.g. 0.01 (or 1 for a kWh float)")
            .flatMap { node in
                inRange(decimal(node, path.key("scale_kwh")), "scale_kwh must be above 0 and at most 1000000") {
                    $0 > .zero && $0 <= Fixed6(1_000_000)
                }
            }
        if let register, Int(register) + type.registerCount > 65_536 {
            diagnostics.error(.outOfRange, at: mapping.location, path.key("register"),
                              "a \(type.rawValue) at register \(register) runs past address 65535")
            complete = false
        }
        guard complete, let unit, let register, let scale else { return nil }
        return .modbus(ModbusPoint(
            unit: UInt8(unit), function: bank == .holding ? .readHoldingRegisters : .readInputRegisters,
            register: UInt16(register), type: type, order: order, scaleKWh: scale.value,
            serialRegister: serial.map { UInt16($0) }))
    }

    private func dlt645Point(_ mapping: ParkMapping, _ path: FieldPath) -> MeterPoll.Target? {
        var address: DLT645Address?
        if let node = mapping.required("address", hint: "; the 12-digit meter number on the nameplate"),
           let text = scalar(node, path.key("address"), expected: "a 12-digit meter number") {
            do {
                address = try DLT645Address(meterNumber: text.value)
                if !text.value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                    address = nil
                    diagnostics.error(.invalidChoice, at: text.location, path.key("address"),
                                      "a polled meter's address is its 12-digit number; a wildcard (A) cannot be "
                                          + "polled, since the meter answers with its own number")
                }
            } catch {
                diagnostics.error(.invalidChoice, at: text.location, path.key("address"),
                                  "\(error.message); write the nameplate number, e.g. \"121078563412\" (quoted)")
            }
        }
        var item: DLT645DataItem? = .forwardActiveEnergy
        if let node = mapping.optional("di"), let text = scalar(node, path.key("di"), expected: "a data item") {
            let energy = ParkSchema.dlt645EnergyItems
            item = DLT645DataItem.named[text.value].flatMap { energy.contains($0.di) ? $0 : nil }
            if item == nil {
                diagnostics.error(.invalidChoice, at: text.location, path.key("di"),
                                  "\(quotedForMessage(text.value)) is not a cumulative energy item; allowed values: "
                                      + "forward-active-energy, reverse-active-energy, combined-active-energy")
            }
        }
        guard let address, let item else { return nil }
        return .dlt645(DLT645Point(address: address, item: item))
    }

    /// The `telemetry` section: timeouts, retries, longest gap interpolated, dead meters.
    func readTelemetry(_ document: ParkMapping, into draft: inout ParkDraft) {
        guard let section = optionalSection("telemetry", of: document, expected: "a mapping of polling settings",
                                            keys: ParkSchema.telemetryKeys, draft: &draft) else { return }
        let defaults = PollSettings.defaults
        func number(_ key: String, _ value: Int, _ range: ClosedRange<Int>) -> Int {
            guard let node = section.optional(key) else { return value }
            let rule = "\(key) is \(range.lowerBound) to \(range.upperBound)"
            guard let found = inRange(integer(node, section.path.key(key)), rule, { range.contains($0) }) else {
                draft.isComplete = false
                return value
            }
            return found.value
        }
        draft.pollSettings = PollSettings(
            timeoutMillis: Int64(number("timeout_ms", Int(defaults.timeoutMillis), 10...60_000)),
            retries: number("retries", defaults.retries, 0...10),
            maxGapMinutes: number("max_gap_minutes", defaults.maxGapMinutes, 0...10_080),
            deadAfterFailures: number("dead_after_failures", defaults.deadAfterFailures, 1...1_000))
    }
}
