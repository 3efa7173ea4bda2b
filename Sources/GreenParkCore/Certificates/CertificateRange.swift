/// A contiguous run of certificates with one owner and one status: serials
/// `firstSerial...lastSerial` of one device, scheme and production period. Registries keep
/// certificates as such ranges; a transfer or redemption of part of a range splits it.
public struct CertificateRange: Sendable, Equatable {
    public var scheme: CertificateScheme
    public var parkId: String
    public var device: String
    public var technology: String
    public var country: String
    public var region: String
    public var commissioned: CivilDate
    public var productionStart: Timestamp
    public var productionEnd: Timestamp
    public var firstSerial: Int64
    public var lastSerial: Int64
    public var unitWh: Int64
    public var issuedAt: Timestamp
    public var issuer: String
    /// `production` (storage discharge records come later).
    public var origin: String
    /// A member id, or the generator's id for its own account.
    public var owner: String
    public var status: Status

    public enum Status: Sendable, Equatable {
        case active
        case redeemed(statement: String)
    }

    public init(scheme: CertificateScheme, parkId: String, device: String, technology: String, country: String, region: String,
                commissioned: CivilDate, productionStart: Timestamp, productionEnd: Timestamp, firstSerial: Int64, lastSerial: Int64,
                unitWh: Int64, issuedAt: Timestamp, issuer: String, origin: String, owner: String, status: Status) {
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
        self.lastSerial = lastSerial
        self.unitWh = unitWh
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.origin = origin
        self.owner = owner
        self.status = status
    }

    public var count: Int64 { lastSerial - firstSerial + 1 }
    public var volumeWh: Int64 { count * unitWh }

    /// The id of certificate `serial`: `GEC-demo-park-pv-roof-0000000001`.
    public func id(_ serial: Int64) -> String {
        let digits = String(serial)
        return "\(SchemeRules.rules(for: scheme).idPrefix)-\(parkId)-\(device)-" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    public var firstId: String { id(firstSerial) }
    public var lastId: String { id(lastSerial) }

    /// Splits off the first `count` certificates: returns them, and `self` keeps the rest.
    mutating func takeFirst(_ count: Int64) -> CertificateRange {
        precondition(count > 0 && count <= self.count)
        var head = self
        head.lastSerial = firstSerial + count - 1
        firstSerial += count
        return head
    }
}
