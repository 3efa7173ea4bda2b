/// A storage device (a battery) of the park, with its own meters for charge and discharge
/// (DOMAIN.md 4a). In allocation it is a consumer while it charges, after the members, and
/// a source while it discharges; what it discharges carries the origin of what it charged.
///
/// The fields must agree (minimum state of charge below the maximum, an efficiency above 0
/// and at most 1, two different meters), so they are fixed at creation: ``init(...)`` checks
/// them and throws ``StorageDeviceError`` naming the field.
public struct StorageDevice: Sendable, Equatable {
    public let id: String
    public let name: String
    /// Usable energy capacity in Wh.
    public let capacityWh: Int64
    /// Highest charging power in W (what the meter may show per interval follows from it).
    public let chargeW: Int64
    /// Highest discharging power in W.
    public let dischargeW: Int64
    /// Round-trip efficiency, output / input, losses of idling included (0 < e <= 1).
    public let efficiency: Fixed6
    /// The period the efficiency was measured over (at most six months, DOMAIN.md 4a).
    public let efficiencyMeasured: ClosedRange<CivilDate>?
    /// Lowest and highest state of charge as shares of the capacity.
    public let minimumSoC: Fixed6
    public let maximumSoC: Fixed6
    public let owner: StorageOwner
    /// The meter of the energy it takes in (charge) and of what it gives out (discharge).
    public let chargeMeter: String
    public let dischargeMeter: String

    /// The lowest and highest state of charge in Wh (the limits' shares of the capacity,
    /// rounded down).
    public var minimumWh: Int64 { capacityWh * minimumSoC.millionths / 1_000_000 }
    public var maximumWh: Int64 { capacityWh * maximumSoC.millionths / 1_000_000 }

    /// The longest period an efficiency may be measured over: six months, taken as 184 days.
    public static let longestEfficiencyPeriodDays: Int64 = 184

    public init(id: String, name: String, capacityWh: Int64, chargeW: Int64, dischargeW: Int64,
                efficiency: Fixed6, efficiencyMeasured: ClosedRange<CivilDate>? = nil,
                minimumSoC: Fixed6 = .zero, maximumSoC: Fixed6 = .one, owner: StorageOwner = .park,
                chargeMeter: String, dischargeMeter: String) throws {
        func refuse(_ field: String, _ rule: String) -> StorageDeviceError {
            StorageDeviceError(device: id, field: field, rule: rule)
        }
        guard capacityWh > 0 else { throw refuse("capacity_kwh", "the capacity must be above 0") }
        guard chargeW > 0 else { throw refuse("charge_kw", "the charging power must be above 0") }
        guard dischargeW > 0 else { throw refuse("discharge_kw", "the discharging power must be above 0") }
        guard efficiency > .zero, efficiency <= .one else {
            throw refuse("efficiency", "the round-trip efficiency (output / input) must be above 0 and at most 1, "
                             + "not \(efficiency)")
        }
        guard minimumSoC >= .zero, maximumSoC <= .one, minimumSoC < maximumSoC else {
            throw refuse("min_soc", "the state of charge limits must satisfy 0 <= min_soc < max_soc <= 1 "
                             + "(given \(minimumSoC) and \(maximumSoC))")
        }
        guard chargeMeter != dischargeMeter else {
            throw refuse("discharge_meter", "charge and discharge are metered separately: give two different meters")
        }
        if let measured = efficiencyMeasured {
            let days = Timestamp(measured.upperBound).seconds / 86_400 - Timestamp(measured.lowerBound).seconds / 86_400
            guard days <= Self.longestEfficiencyPeriodDays else {
                throw refuse("efficiency_to", "the efficiency must be measured over at most six months "
                                 + "(\(Self.longestEfficiencyPeriodDays) days), not \(days + 1) days")
            }
        }
        self.id = id
        self.name = name
        self.capacityWh = capacityWh
        self.chargeW = chargeW
        self.dischargeW = dischargeW
        self.efficiency = efficiency
        self.efficiencyMeasured = efficiencyMeasured
        self.minimumSoC = minimumSoC
        self.maximumSoC = maximumSoC
        self.owner = owner
        self.chargeMeter = chargeMeter
        self.dischargeMeter = dischargeMeter
    }
}

/// Who owns a storage device: the park (its operator) or one member. Released certificates
/// are issued to the owner's account (DOMAIN.md 4a).
public enum StorageOwner: Sendable, Equatable, Hashable {
    case park
    case member(String)

    /// `park`, or the member's id.
    public var accountName: String {
        switch self {
        case .park: "park"
        case .member(let id): id
        }
    }
}

/// A storage device's settings do not agree.
public struct StorageDeviceError: GreenParkError {
    public var device: String
    public var field: String
    public var rule: String
    public var code: String { "storage.invalid-device" }
    public var message: String { "storage device \(device): \(field): \(rule)" }
}
