/// What a storage device gave out during one hour and which charge it drew on (DOMAIN.md
/// 4a, EnergyTag's storage discharge record). Discharging `D` Wh needs `D / efficiency` Wh
/// of charge, drawn first in first out from charge records that ended before the hour
/// started. Only the green part is released, as certificates of the discharge hour keeping
/// the original generator and production hour; grid charge and losses get none.
public struct StorageDischargeRecord: Sendable, Equatable {
    public let device: Int
    /// Start of the UTC hour of the discharge.
    public let hour: Timestamp
    public let dischargedWh: Int64
    /// The charge drawn, oldest first.
    public let draws: [Draw]
    /// Discharged Wh that no charge record backs (charge from before the records began, or
    /// meters that do not agree): never certified.
    public let unbackedWh: Int64

    /// Charge of one origin drawn from one charge record.
    public struct Draw: Sendable, Equatable {
        /// The hour of the charge record drawn on.
        public let chargeHour: Timestamp
        public let origin: StorageOrigin
        public let efficiency: Fixed6
        /// Wh of charge drawn (rounded down where a record is drawn in part).
        public let chargeWh: Int64
        /// Wh of discharge this charge gives (charge × efficiency, in millionths of a Wh).
        public let outputMicroWh: Int64
        /// Wh of certificates released for it: 0 for grid charge; for green charge the
        /// record's green output rounded down as a whole, split by largest remainder.
        public let releasedWh: Int64
    }

    public init(device: Int, hour: Timestamp, dischargedWh: Int64, draws: [Draw], unbackedWh: Int64) {
        self.device = device
        self.hour = hour
        self.dischargedWh = dischargedWh
        self.draws = draws
        self.unbackedWh = unbackedWh
    }

    /// Certified Wh released in the hour (to the owner's account, flagged "released from storage").
    public var releasedWh: Int64 { draws.reduce(0) { $0 + $1.releasedWh } }
    /// Wh of charge drawn.
    public var drawnChargeWh: Int64 { draws.reduce(0) { $0 + $1.chargeWh } }
    /// Released Wh by generator.
    public func released(fromGenerator j: Int) -> Int64 {
        draws.reduce(0) { $0 + ($1.origin == .green(generator: j) ? $1.releasedWh : 0) }
    }
}
