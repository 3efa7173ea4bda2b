/// The metered charge and discharge of a park's storage devices over a period, per interval,
/// interval-major like ``AllocationProblem``: `charge[t * deviceCount + k]`.
public struct StorageSeries: Sendable, Equatable {
    public let devices: [StorageDevice]
    public let intervalCount: Int
    public private(set) var charge: [Int64]
    public private(set) var discharge: [Int64]

    public init(devices: [StorageDevice], intervalCount: Int, charge: [Int64], discharge: [Int64]) {
        precondition(charge.count == devices.count * intervalCount && discharge.count == charge.count)
        self.devices = devices
        self.intervalCount = intervalCount
        self.charge = charge
        self.discharge = discharge
    }

    public var deviceCount: Int { devices.count }

    /// Sets device `k`'s metered charge (`isCharge`) or discharge in interval `t`.
    public mutating func set(_ wh: Int64, interval t: Int, device k: Int, isCharge: Bool) {
        if isCharge { charge[t * devices.count + k] = wh } else { discharge[t * devices.count + k] = wh }
    }
}
