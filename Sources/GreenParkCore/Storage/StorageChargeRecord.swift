/// What a storage device took in during one hour (DOMAIN.md 4a, EnergyTag's storage charge
/// record): the green Wh by the generator they came from (whose certificates of that hour
/// are cancelled for it) and the Wh drawn from the grid, which never get a certificate.
/// The efficiency in force is recorded on the record and never changed after: what the
/// record can give back is `Wh × efficiency`, whatever the device's efficiency later.
public struct StorageChargeRecord: Sendable, Equatable {
    /// The device's index in the park's `storage` list.
    public let device: Int
    /// Start of the UTC hour the energy was charged in (the production hour of its green part).
    public let hour: Timestamp
    public let efficiency: Fixed6
    /// The origins in a fixed order: green portions by generator (park order), then the grid.
    public let portions: [Portion]

    /// One origin's Wh in the record.
    public struct Portion: Sendable, Equatable {
        public let origin: StorageOrigin
        public let wh: Int64

        public init(origin: StorageOrigin, wh: Int64) {
            self.origin = origin
            self.wh = wh
        }
    }

    /// Portions with no energy are left out; green portions come first, by generator.
    public init(device: Int, hour: Timestamp, efficiency: Fixed6, greenByGenerator: [Int64], gridWh: Int64) {
        self.device = device
        self.hour = hour
        self.efficiency = efficiency
        var portions = greenByGenerator.enumerated().compactMap { j, wh in
            wh > 0 ? Portion(origin: .green(generator: j), wh: wh) : nil
        }
        if gridWh > 0 { portions.append(Portion(origin: .grid, wh: gridWh)) }
        self.portions = portions
    }

    /// All Wh charged in the hour.
    public var chargedWh: Int64 { portions.reduce(0) { $0 + $1.wh } }
    /// The Wh charged from the park's generators.
    public var greenWh: Int64 { portions.reduce(0) { $0 + ($1.origin == .grid ? 0 : $1.wh) } }
}

/// Where charged energy came from: one of the park's generators (its production hour is
/// the charge record's hour), or the grid.
public enum StorageOrigin: Sendable, Hashable {
    case green(generator: Int)
    case grid
}
