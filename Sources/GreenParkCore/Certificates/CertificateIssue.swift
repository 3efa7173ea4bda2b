/// One issuance: the certificates of one device, scheme and production period, serials
/// `firstSerial ..< firstSerial + count` (DOMAIN.md 4 lists these fields). Immutable and
/// shared by every range cut from it, so millions of ranges cost one reference each.
///
/// An issuance of zero certificates (production below one MWh, carried to the next
/// period) is still recorded: its period is certified and never issued again.
public final class CertificateIssue: Sendable, Equatable {
    /// Position in the registry's issuance list (stable, from 0).
    public let number: Int
    public let scheme: CertificateScheme
    public let parkId: String
    public let device: String
    public let technology: String
    public let country: String
    public let region: String
    public let commissioned: CivilDate
    public let productionStart: Timestamp
    public let productionEnd: Timestamp
    public let firstSerial: Int64
    public let count: Int64
    public let unitWh: Int64
    public let issuedAt: Timestamp
    public let issuer: String
    /// `production`, `correction` (a supplementary issuance) or `storage` (released from
    /// storage: then ``storage`` says from which device and production hour).
    public let origin: String
    /// For certificates released from storage: the device, efficiency, original production
    /// hour and records; the production period above is then the discharge hour.
    public let storage: StorageRelease?
    /// What every id of these certificates starts with: scheme prefix, park and device.
    public let idPrefix: String

    public init(number: Int, scheme: CertificateScheme, parkId: String, device: String, technology: String, country: String,
                region: String, commissioned: CivilDate, productionStart: Timestamp, productionEnd: Timestamp,
                firstSerial: Int64, count: Int64, unitWh: Int64, issuedAt: Timestamp, issuer: String, origin: String,
                storage: StorageRelease? = nil) {
        self.number = number
        self.scheme = scheme
        self.parkId = parkId
        self.device = device
        self.technology = technology
        self.country = country
        self.region = region
        self.commissioned = commissioned
        self.productionStart = productionStart
        self.productionEnd = productionEnd
        self.firstSerial = firstSerial
        self.count = count
        self.unitWh = unitWh
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.origin = origin
        self.storage = storage
        idPrefix = "\(SchemeRules.rules(for: scheme).idPrefix)-\(parkId)-\(device)-"
    }

    public var lastSerial: Int64 { firstSerial + count - 1 }

    /// The id of certificate `serial`: `GEC-demo-park-pv-roof-0000000001` (at least ten
    /// digits; the serial is what follows the last hyphen).
    public func id(_ serial: Int64) -> String {
        let digits = String(serial)
        return idPrefix + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    public static func == (a: CertificateIssue, b: CertificateIssue) -> Bool {
        a === b || (a.number == b.number && a.scheme == b.scheme && a.parkId == b.parkId && a.device == b.device
            && a.technology == b.technology && a.country == b.country && a.region == b.region && a.commissioned == b.commissioned
            && a.productionStart == b.productionStart && a.productionEnd == b.productionEnd && a.firstSerial == b.firstSerial
            && a.count == b.count && a.unitWh == b.unitWh && a.issuedAt == b.issuedAt && a.issuer == b.issuer
            && a.origin == b.origin && a.storage == b.storage)
    }
}
