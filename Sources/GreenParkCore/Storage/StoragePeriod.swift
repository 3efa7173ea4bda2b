/// Storage over an allocated period (DOMAIN.md 4a): the hourly charge and discharge records,
/// what each device and each member did with storage, the park's surplus fed into the grid,
/// and each device's queue of undrawn charge at the end.
public struct StoragePeriod: Sendable {
    public internal(set) var chargeRecords: [StorageChargeRecord] = []
    public internal(set) var dischargeRecords: [StorageDischargeRecord] = []
    /// Per discharge record: what each member (park order) took of the discharge, then what
    /// went into the grid; the released certificates are shared in that proportion.
    public internal(set) var dischargeRecipients: [[Int64]] = []
    /// Each device's queue after the period (the next period starts from it).
    public internal(set) var queues: [StorageQueue]
    public internal(set) var devices: [DeviceTotals]
    /// Per member (park order): what it received from storage, and the green part of it.
    public internal(set) var members: [MemberTotals]
    /// Per generator (park order): what it fed into the grid (after the members and the charging).
    public internal(set) var generatorExportWh: [Int64]
    /// Per interval: energy fed into the grid, by the generators and the devices.
    public internal(set) var surplus: [Int64]
    /// The first UTC hour of ``memberGreenByHour``.
    public let firstHour: Timestamp
    /// `memberGreenByHour[h * memberCount + i]`: green energy member i received from storage
    /// in UTC hour `firstHour + h` (released certificates' Wh, by origin).
    public internal(set) var memberGreenByHour: [Int64]
    public let memberCount: Int

    public struct DeviceTotals: Sendable, Equatable {
        public var id: String
        public var chargedGreenWh: Int64 = 0
        public var chargedGridWh: Int64 = 0
        public var dischargedWh: Int64 = 0
        /// Discharge the members took; the rest was fed into the grid.
        public var toMembersWh: Int64 = 0
        public var exportedWh: Int64 = 0
        /// Certificates released (green charge drawn, × efficiency, rounded down per hour).
        public var releasedWh: Int64 = 0
        /// Charge drawn minus discharge: the losses of the energy discharged in the period.
        public var lossesWh: Int64 = 0
        /// Discharge no charge record backed.
        public var unbackedWh: Int64 = 0
        /// Charge still queued at the end, and its green part.
        public var queuedWh: Int64 = 0
        public var queuedGreenWh: Int64 = 0
    }

    public struct MemberTotals: Sendable, Equatable {
        public var id: String
        public var fromStorageWh: Int64 = 0
        public var greenFromStorageWh: Int64 = 0
    }

    /// Green energy from storage that member `i` received in UTC hour `hour`.
    public func memberGreen(hour: Timestamp, member i: Int) -> Int64 {
        let h = Int((hour.seconds - firstHour.seconds) / 3600)
        return h >= 0 && h * memberCount < memberGreenByHour.count ? memberGreenByHour[h * memberCount + i] : 0
    }

    /// Energy fed into the grid over the period.
    public var surplusWh: Int64 { surplus.reduce(0, +) }
    /// Green energy from storage that reached the members.
    public var greenToMembersWh: Int64 { members.reduce(0) { $0 + $1.greenFromStorageWh } }
}
