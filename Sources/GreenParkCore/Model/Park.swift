/// A park as registered in its park file: the settings, the member enterprises, the
/// generators and the meters that measure them.
///
/// This is the validated, typed form; `GreenParkFormats.ParkFile` reads it from YAML
/// and reports every problem with the field and line.
public struct Park: Sendable, Equatable {
    /// Schema version of the park file (currently 1).
    public var version: Int
    public var settings: ParkSettings
    /// Members in park-file order: the order breaks rounding ties (DOMAIN.md 3).
    public var members: [Member]
    public var generators: [Generator]
    /// Optional per-meter settings (plausibility limit, register rollover).
    public var meters: [MeterSpec]
    public var allocation: AllocationSettings
    public var emissionFactors: EmissionFactorSettings
    public var certificates: CertificateSettings
    public var validation: ValidationSettings
    /// Supply contracts that pin members to named generators (served first).
    public var contracts: [SupplyContract]
    /// Shared infrastructure costs and how they are split.
    public var sharedCosts: [SharedCost]
    /// Prices and fees for settlement (nil: the park does not settle money with GreenPark).
    public var settlement: SettlementSettings?
    /// Storage devices (DOMAIN.md 4a), in park-file order.
    public var storage: [StorageDevice]
    /// Members' flexible loads that schedules may move.
    public var flexibleLoads: [FlexibleLoad]

    public init(
        version: Int = 1, settings: ParkSettings, members: [Member], generators: [Generator],
        meters: [MeterSpec] = [], allocation: AllocationSettings = AllocationSettings(),
        emissionFactors: EmissionFactorSettings = EmissionFactorSettings(),
        certificates: CertificateSettings = CertificateSettings(),
        validation: ValidationSettings = ValidationSettings(), contracts: [SupplyContract] = [], sharedCosts: [SharedCost] = [],
        settlement: SettlementSettings? = nil, storage: [StorageDevice] = [], flexibleLoads: [FlexibleLoad] = []
    ) {
        self.version = version
        self.settings = settings
        self.members = members
        self.generators = generators
        self.meters = meters
        self.allocation = allocation
        self.emissionFactors = emissionFactors
        self.certificates = certificates
        self.validation = validation
        self.contracts = contracts
        self.sharedCosts = sharedCosts
        self.settlement = settlement
        self.storage = storage
        self.flexibleLoads = flexibleLoads
    }
}

/// A supply contract (PPA) that pins a member to named generators: in every interval the
/// output of those generators serves the pinned members first (DOMAIN.md 3).
public struct SupplyContract: Sendable, Equatable {
    /// The member's id.
    public var member: String
    /// Ids of the generators it is pinned to, in priority order.
    public var generators: [String]

    public init(member: String, generators: [String]) {
        self.member = member
        self.generators = generators
    }
}

/// The `park:` section.
public struct ParkSettings: Sendable, Equatable {
    public var id: String
    public var name: String
    /// IANA time zone for tariffs, billing months and reporting years.
    public var timeZone: String
    /// ISO 3166-1 alpha-2 country code.
    public var country: String
    /// Emission-factor region (DOMAIN.md 5), e.g. `east`.
    public var region: String
    public var resolution: Resolution
    public var connection: Connection
    /// Name of the policy profile (thresholds of DOMAIN.md 1, kept as data).
    public var policyProfile: String

    public enum Connection: String, Sendable, CaseIterable {
        case gridConnected = "grid-connected"
        case offGrid = "off-grid"
    }

    public init(
        id: String, name: String, timeZone: String = "Asia/Shanghai", country: String = "CN",
        region: String, resolution: Resolution = .quarterHour, connection: Connection = .gridConnected,
        policyProfile: String
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.country = country
        self.region = region
        self.resolution = resolution
        self.connection = connection
        self.policyProfile = policyProfile
    }
}

/// A member enterprise: its load is the sum of its consumption meters.
public struct Member: Sendable, Equatable {
    public var id: String
    public var name: String
    public var meters: [String]
    /// Fixed share of generation for the `static` key (exact decimal, sum <= 1).
    public var share: Fixed6?
    /// Weight for the `weighted` key.
    public var weight: Fixed6?
    /// Tier for the `priority` key; 1 is served first.
    public var tier: Int?
    /// CBAM installations (each metered by some of `meters`).
    public var installations: [Installation]
    /// Set for a hydrogen producer claiming US §45V.
    public var hydrogen: HydrogenProducer?

    public init(id: String, name: String, meters: [String], share: Fixed6? = nil, weight: Fixed6? = nil, tier: Int? = nil,
                installations: [Installation] = [], hydrogen: HydrogenProducer? = nil) {
        self.id = id
        self.name = name
        self.meters = meters
        self.share = share
        self.weight = weight
        self.tier = tier
        self.installations = installations
        self.hydrogen = hydrogen
    }
}

/// A wind, solar, biomass or hydro plant of the park with its generation meter.
public struct Generator: Sendable, Equatable {
    public var id: String
    public var name: String
    public var technology: Technology
    /// AC capacity in kW (exact decimal).
    public var capacityKW: Fixed6
    public var commissioned: CivilDate
    /// Registration date: certificates only for production from this date.
    public var registered: CivilDate
    public var meter: String
    /// The grid region or balancing area the plant is in (US 45V deliverability); `nil`:
    /// the park's region.
    public var region: String?
    /// The plant's own emission rate in kg CO2/kWh, when the park file gives one.
    public var emissionRate: Fixed6?

    public enum Technology: String, Sendable, CaseIterable {
        case solarPV = "solar-pv"
        case wind
        case biomass
        case hydro

        /// Whether the technology emits nothing at the plant (0 g CO2/kWh): wind, solar and
        /// hydro. Biomass burns fuel: its rate must be given, never assumed 0.
        public var hasKnownZeroRate: Bool { self != .biomass }
    }

    public init(
        id: String, name: String, technology: Technology, capacityKW: Fixed6,
        commissioned: CivilDate, registered: CivilDate, meter: String, region: String? = nil,
        emissionRate: Fixed6? = nil
    ) {
        self.id = id
        self.name = name
        self.technology = technology
        self.capacityKW = capacityKW
        self.commissioned = commissioned
        self.registered = registered
        self.meter = meter
        self.region = region
        self.emissionRate = emissionRate
    }

    /// The rate of its direct-line supply in kg CO2/kWh (= g/Wh): the given rate, else 0
    /// for a technology with a known zero rate; `nil` when unknown (biomass without a rate).
    public var directRate: Fixed6? { emissionRate ?? (technology.hasKnownZeroRate ? .zero : nil) }
}

/// Optional settings of one meter (the `meters:` section).
public struct MeterSpec: Sendable, Equatable {
    public var id: String
    /// Highest plausible average power in kW; a reading above it is rejected.
    public var maxKW: Fixed6?
    /// The value (kWh) at which the cumulative register rolls over to zero, e.g.
    /// `1000000` for a DL/T 645 register `XXXXXX.XX`.
    public var registerRolloverKWh: Fixed6?

    public init(id: String, maxKW: Fixed6? = nil, registerRolloverKWh: Fixed6? = nil) {
        self.id = id
        self.maxKW = maxKW
        self.registerRolloverKWh = registerRolloverKWh
    }
}
