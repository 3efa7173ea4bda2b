/// A member's installation in the sense of EU CBAM (Reg. 2023/956): a site producing
/// goods, metered by some of the member's meters (DOMAIN.md 5).
public struct Installation: Sendable, Equatable {
    public var id: String
    public var name: String
    public var address: String
    /// UN/LOCODE of the site, e.g. `CNHGH` (Hangzhou).
    public var unlocode: String
    /// The member's meters that measure this installation's electricity.
    public var meters: [String]
    public var goods: [CBAMGood]

    public init(id: String, name: String, address: String, unlocode: String, meters: [String], goods: [CBAMGood]) {
        self.id = id
        self.name = name
        self.address = address
        self.unlocode = unlocode
        self.meters = meters
        self.goods = goods
    }
}

/// A good an installation produces: its Combined Nomenclature code and CBAM category.
public struct CBAMGood: Sendable, Equatable {
    /// CN code, digits only (`25231000`).
    public var cnCode: String
    public var category: CBAMCategory

    public init(cnCode: String, category: CBAMCategory) {
        self.cnCode = cnCode
        self.category = category
    }
}

/// The aggregated goods categories of CBAM Annex I.
public enum CBAMCategory: String, Sendable, CaseIterable {
    case cement
    case fertilisers
    case ironSteel = "iron-steel"
    case aluminium
    case hydrogen
    case electricity
}

/// A member that produces hydrogen and claims the US §45V credit: the facility's
/// placed-in-service date decides incrementality.
public struct HydrogenProducer: Sendable, Equatable {
    public var placedInService: CivilDate
    /// The facility's grid region or balancing area (US 45V deliverability): generators
    /// must be in the same one. `nil`: not given, and deliverability cannot be shown.
    public var region: String?

    public init(placedInService: CivilDate, region: String? = nil) {
        self.placedInService = placedInService
        self.region = region
    }
}
