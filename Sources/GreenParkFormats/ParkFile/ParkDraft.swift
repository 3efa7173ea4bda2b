import GreenParkCore

/// A park file as read, before the checks across fields: the settings already typed,
/// and the members, generators and meter settings with the place of every value so
/// that the ``ParkFileValidator`` can point at lines.
///
/// A field that was missing or invalid is `nil` here (the problem is already
/// reported); ``park()`` then returns `nil`.
struct ParkDraft {
    var version: Int?
    var settings: ParkSettings?
    /// Where `members:` is written, for the problems of the list as a whole.
    var membersLocation: TextPosition = .wholeFile
    var members: [MemberDraft] = []
    /// `false` when a member (or the whole list) could not be read or has no valid id:
    /// a contract's member reference is then not checked, to avoid follow-on errors.
    var memberIDsComplete = true
    var generators: [GeneratorDraft] = []
    /// As ``memberIDsComplete``, for the generators.
    var generatorIDsComplete = true
    var meterSpecs: [MeterSpecDraft] = []
    var allocation = AllocationSettings()
    var contracts: [ContractDraft] = []
    var emissionFactors = EmissionFactorSettings()
    var certificates = CertificateSettings()
    /// Where each generator of `certificates.generators` is named (checked against the generators).
    var certificateGenerators: [Located<String>] = []
    var validation = ValidationSettings()
    var sharedCosts: [SharedCost] = []
    var settlement: SettlementSettings?
    /// Where each shared cost's id is written (for duplicate checks).
    var sharedCostIDs: [Located<String>] = []
    var pollSettings = PollSettings.defaults
    /// Where each device of `settlement.storage_prices` is named (checked against the devices).
    var storagePriceDevices: [Located<String>] = []
    /// The `storage:` devices as read.
    var storage: [StorageDraft] = []
    /// The `flexible_loads:` entries, checked one by one, with where their id and member are written.
    var flexibleLoads: [(load: FlexibleLoad, id: Located<String>, member: Located<String>)] = []
    /// `false` when a list or section could not be read at all.
    var isComplete = true
}

/// One entry of `members:` as read.
struct MemberDraft {
    var path: FieldPath
    var location: TextPosition
    var id: Located<String>?
    var name: String?
    var meters: [Located<String>] = []
    var share: Located<Fixed6>?
    var weight: Located<Fixed6>?
    var tier: Located<Int>?
    var installations: [InstallationDraft] = []
    var hydrogen: HydrogenProducer?
    /// The keys written in the file (with or without a valid value).
    var writtenKeys: Set<String> = []
    var isComplete = true

    init(path: FieldPath, location: TextPosition) {
        self.path = path
        self.location = location
    }

    /// How messages name the member: `member "textiles"`, or its path without an id.
    var displayName: String { id.map { "member \"\($0.value)\"" } ?? "member \(path)" }
}

/// One entry of `generators:` as read.
struct GeneratorDraft {
    var path: FieldPath
    var location: TextPosition
    var id: Located<String>?
    var name: String?
    var technology: Generator.Technology?
    var capacityKW: Fixed6?
    var commissioned: Located<CivilDate>?
    var registered: Located<CivilDate>?
    var meter: Located<String>?
    var region: String?
    var emissionRate: Fixed6?
    /// `false` when an optional field was given but invalid.
    var isComplete = true

    init(path: FieldPath, location: TextPosition) {
        self.path = path
        self.location = location
    }

    var displayName: String { id.map { "generator \"\($0.value)\"" } ?? "generator \(path)" }
}

/// One entry of `meters:` as read.
struct MeterSpecDraft {
    var path: FieldPath
    var location: TextPosition
    var id: Located<String>?
    var maxKW: Fixed6?
    var registerRolloverKWh: Fixed6?
    var poll: MeterPoll?
    var isComplete = true

    init(path: FieldPath, location: TextPosition) {
        self.path = path
        self.location = location
    }
}

/// One entry of `contracts:` as read.
struct ContractDraft {
    var path: FieldPath
    var location: TextPosition
    var member: Located<String>?
    var generators: [Located<String>] = []
    var isComplete = true

    init(path: FieldPath, location: TextPosition) {
        self.path = path
        self.location = location
    }
}

/// One entry of a member's `installations:` as read.
struct InstallationDraft {
    var id: Located<String>?
    var name: String?
    var address: String?
    var unlocode: String?
    var meters: [Located<String>] = []
    var goods: [CBAMGood] = []
    var isComplete = true
}

/// One entry of `storage:` as read; ``ParkFileValidator`` checks its fields together.
struct StorageDraft {
    var path: FieldPath
    var location: TextPosition
    var id: Located<String>?
    var name: String?
    var capacityKWh: Located<Fixed6>?
    var chargeKW: Located<Fixed6>?
    var dischargeKW: Located<Fixed6>?
    var efficiency: Located<Fixed6>?
    var efficiencyFrom: Located<CivilDate>?
    var efficiencyTo: Located<CivilDate>?
    var minimumSoC: Located<Fixed6>?
    var maximumSoC: Located<Fixed6>?
    /// `park` or a member's id.
    var owner: Located<String>?
    var chargeMeter: Located<String>?
    var dischargeMeter: Located<String>?
    var isComplete = true

    init(path: FieldPath, location: TextPosition) {
        self.path = path
        self.location = location
    }

    var displayName: String { id.map { "storage device \"\($0.value)\"" } ?? "storage device \(path)" }
}
