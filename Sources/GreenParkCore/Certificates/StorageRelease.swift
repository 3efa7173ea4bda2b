/// What marks certificates released from storage (DOMAIN.md 4a, EnergyTag's storage
/// discharge certificates): green energy charged into a storage device and discharged later
/// is certified again in its discharge hour, to the storage owner's account. The issuance's
/// production period is that discharge hour (the hour the certificates count in for claims);
/// this keeps what the original certificates said and adds the device and its efficiency.
///
/// The original certificates of the same Wh were cancelled when the device charged them
/// (``CertificateRange/Status/cancelled(storageRecord:)``, under `chargeRecord`): the
/// energy is certified once, first at production and, after the losses, at discharge.
public struct StorageRelease: Sendable, Equatable {
    /// The storage device the energy passed through.
    public let storageDevice: String
    /// Output / input recorded on the charge record drawn on, never changed after.
    public let efficiency: Fixed6
    /// The original production hour (the charge record's hour).
    public let producedStart: Timestamp
    public let producedEnd: Timestamp
    /// The charge record drawn on and the discharge record that released the certificates.
    public let chargeRecord: String
    public let dischargeRecord: String

    public init(storageDevice: String, efficiency: Fixed6, producedStart: Timestamp, producedEnd: Timestamp,
                chargeRecord: String, dischargeRecord: String) {
        self.storageDevice = storageDevice
        self.efficiency = efficiency
        self.producedStart = producedStart
        self.producedEnd = producedEnd
        self.chargeRecord = chargeRecord
        self.dischargeRecord = dischargeRecord
    }

    /// The id of a storage record: `SC-park-device-2023060110` for the charge of the UTC hour
    /// from 2023-06-01 10:00, `SD-…` for a discharge.
    public static func recordId(charge: Bool, parkId: String, device: String, hour: Timestamp) -> String {
        let d = CivilDate(daysSinceEpoch: hour.utcDay)
        let h = (hour.seconds - hour.utcDay * 86_400) / 3600
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(charge ? "SC" : "SD")-\(parkId)-\(device)-\(d.year)\(two(d.month))\(two(d.day))\(two(Int(h)))"
    }

    /// The fields as one line for a store: device, efficiency in millionths, produced start and
    /// end (Unix seconds), charge record and discharge record, separated by tabs.
    public var storedText: String {
        [storageDevice, String(efficiency.millionths), String(producedStart.seconds), String(producedEnd.seconds),
         chargeRecord, dischargeRecord].joined(separator: "\t")
    }

    /// Reads ``storedText``; nil when it is not one.
    public init?(storedText text: String) {
        let parts = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, let e = Int64(parts[1]), let s = Int64(parts[2]), let t = Int64(parts[3]) else {
            return nil
        }
        self.init(storageDevice: parts[0], efficiency: Fixed6(millionths: e), producedStart: Timestamp(seconds: s),
                  producedEnd: Timestamp(seconds: t), chargeRecord: parts[4], dischargeRecord: parts[5])
    }
}
