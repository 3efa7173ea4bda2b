/// What a meter measures in the park.
public enum MeterRole: Sendable, Equatable {
    /// Consumption of the member at this index of ``Park/members``.
    case consumption(member: Int)
    /// Generation of the generator at this index of ``Park/generators``.
    case generation(generator: Int)
    /// Energy taken in by the storage device at this index of ``Park/storage``.
    case storageCharge(device: Int)
    /// Energy given out by the storage device at this index of ``Park/storage``.
    case storageDischarge(device: Int)
}

/// One meter of the park with everything the importer needs to check its readings.
public struct MeterInfo: Sendable, Equatable {
    public var id: String
    public var role: MeterRole
    /// Highest plausible average power in watts, or `nil` for no limit.
    public var maxWatts: Int64?
    /// Register rollover in Wh, when configured.
    public var registerRolloverWh: Int64?

    /// Highest plausible energy in Wh over `seconds`, or `nil` for no limit.
    public func maxEnergyWh(overSeconds seconds: Int64) -> Int64? {
        guard let maxWatts else { return nil }
        let (product, overflow) = maxWatts.multipliedReportingOverflow(by: seconds)
        return overflow ? nil : product / 3600
    }
}

extension Park {
    /// Every meter of the park in a fixed order: member meters in park-file order, then
    /// generator meters, then each storage device's charge and discharge meters. Indices
    /// into this array are the importer's meter numbers.
    public var meterCatalogue: [MeterInfo] {
        let specs = Dictionary(meters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [MeterInfo] = []
        for (index, member) in members.enumerated() {
            for id in member.meters {
                result.append(info(id, .consumption(member: index), capacity: nil, specs[id]))
            }
        }
        for (index, generator) in generators.enumerated() {
            result.append(info(generator.meter, .generation(generator: index), capacity: generator.capacityKW, specs[generator.meter]))
        }
        for (index, device) in storage.enumerated() {
            result.append(info(device.chargeMeter, .storageCharge(device: index),
                               capacity: Fixed6(millionths: device.chargeW * 1000), specs[device.chargeMeter]))
            result.append(info(device.dischargeMeter, .storageDischarge(device: index),
                               capacity: Fixed6(millionths: device.dischargeW * 1000), specs[device.dischargeMeter]))
        }
        return result
    }

    private func info(_ id: String, _ role: MeterRole, capacity: Fixed6?, _ spec: MeterSpec?) -> MeterInfo {
        var maxWatts: Int64?
        if let limit = spec?.maxKW {
            maxWatts = limit.millionths / 1000
        } else if let capacity {
            // capacity (kW) * (1 + margin) in W: millionths * (1e6 + margin) / 1e9
            let (margin, marginOverflow) = Int64(1_000_000)
                .addingReportingOverflow(validation.capacityMargin.millionths)
            let (product, overflow) = capacity.millionths.multipliedReportingOverflow(by: margin)
            // Too large to compute (the park file keeps values far below): no limit.
            maxWatts = overflow || marginOverflow ? nil : product / 1_000_000_000
        }
        let rollover = spec?.registerRolloverKWh.map { $0.millionths / 1000 }
        return MeterInfo(id: id, role: role, maxWatts: maxWatts, registerRolloverWh: rollover)
    }
}
