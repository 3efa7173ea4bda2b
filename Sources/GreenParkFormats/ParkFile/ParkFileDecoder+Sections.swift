import GreenParkCore
import Yams

/// The optional sections: `meters`, `allocation`, `emission_factors`, `certificates`
/// and `validation`. An absent or empty section keeps its defaults.
extension ParkFileDecoder {
    func readMeterSpecs(_ document: ParkMapping, into draft: inout ParkDraft) {
        for (mapping, path) in optionalList("meters", of: document, expected: "a list of meter settings",
                                            entry: "meter settings (id, max_kw, register_rollover_kwh, poll)",
                                            keys: ParkSchema.meterKeys, draft: &draft) {
            var spec = MeterSpecDraft(path: path, location: mapping.location)
            spec.id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
            if let node = mapping.optional("max_kw") {
                let limit = "max_kw must be greater than 0 and at most \(ParkSchema.maximumKW) kW"
                spec.maxKW = inRange(decimal(node, path.key("max_kw")), limit) {
                    $0 > .zero && $0 <= ParkSchema.maximumKW
                }?.value
                if spec.maxKW == nil { spec.isComplete = false }
            }
            if let node = mapping.optional("register_rollover_kwh") {
                let rule = "register_rollover_kwh must be greater than 0 and at most "
                    + "\(ParkSchema.maximumRolloverKWh) kWh"
                spec.registerRolloverKWh = inRange(decimal(node, path.key("register_rollover_kwh")), rule) {
                    $0 > .zero && $0 <= ParkSchema.maximumRolloverKWh
                }?.value
                if spec.registerRolloverKWh == nil { spec.isComplete = false }
            }
            if let node = mapping.optional("poll") {
                spec.poll = poll(node, meter: spec.id?.value ?? "", path.key("poll"))
                if spec.poll == nil { spec.isComplete = false }
            }
            draft.meterSpecs.append(spec)
        }
    }

    func readAllocation(_ document: ParkMapping, into draft: inout ParkDraft) {
        guard let section = optionalSection("allocation", of: document, expected: "a mapping with key",
                                            keys: ParkSchema.allocationKeys, draft: &draft) else { return }
        if let node = section.optional("key") {
            if let key: AllocationKeyName = choice(node, section.path.key("key")) {
                draft.allocation.key = key
            } else {
                draft.isComplete = false
            }
        }
    }

    func readEmissionFactors(_ document: ParkMapping, region: String?, into draft: inout ParkDraft) {
        draft.emissionFactors = EmissionFactorSettings(
            year: ParkSchema.defaultFactorYear, location: .table(region ?? "national"),
            residual: .table(ParkSchema.defaultResidual))
        guard let section = optionalSection("emission_factors", of: document, expected: "a mapping with year, location, residual",
                                            keys: ParkSchema.emissionFactorKeys, draft: &draft) else { return }
        let path = section.path
        if let node = section.optional("year") {
            let years = ParkSchema.factorYears
            let rule = "the factor year must be between \(years.lowerBound) and \(years.upperBound)"
            if let year = inRange(integer(node, path.key("year")), rule, { years.contains($0) }) {
                draft.emissionFactors.year = year.value
            } else {
                draft.isComplete = false
            }
        }
        if let node = section.optional("location") {
            if let factor = factorChoice(node, path.key("location")) { draft.emissionFactors.location = factor } else { draft.isComplete = false }
        }
        if let node = section.optional("residual") {
            if let factor = factorChoice(node, path.key("residual")) { draft.emissionFactors.residual = factor } else { draft.isComplete = false }
        }
        if let node = section.optional("cbam") {
            if let factor = factorChoice(node, path.key("cbam")) { draft.emissionFactors.cbam = factor } else { draft.isComplete = false }
        }
        for (key, field) in [("table", \EmissionFactorSettings.table), ("hourly_location", \.hourlyLocation), ("hourly_residual", \.hourlyResidual)] {
            guard let node = section.optional(key) else { continue }
            if let file = text(node, path.key(key)) { draft.emissionFactors[keyPath: field] = file.value } else { draft.isComplete = false }
        }
        if let node = section.optional("grid_cfe_share") {
            let share = inRange(decimal(node, path.key("grid_cfe_share")), "the grid's carbon-free share must be between 0 and 1") { $0 >= .zero && $0 <= Fixed6(1) }
            if let share { draft.emissionFactors.gridCFEShare = share.value } else { draft.isComplete = false }
        }
    }

    func readCertificates(_ document: ParkMapping, into draft: inout ParkDraft) {
        guard let section = optionalSection("certificates", of: document, expected: "a mapping with scheme",
                                            keys: ParkSchema.certificateKeys, draft: &draft) else { return }
        if let node = section.optional("scheme") {
            if let scheme: CertificateScheme = choice(node, section.path.key("scheme")) {
                draft.certificates.scheme = scheme
            } else {
                draft.isComplete = false
            }
        }
        // generators: {wind-lhb: granular}: devices registered in another scheme.
        guard let node = section.optional("generators") else { return }
        let path = section.path.key("generators")
        guard let map = ParkMapping(node, at: path, expected: "a mapping of generator id to scheme", keys: [],
                                    diagnostics: diagnostics, allowAnyKey: true) else { draft.isComplete = false; return }
        for key in map.keys {
            guard let value = map.optional(key), let scheme: CertificateScheme = choice(value, path.key(key)) else {
                draft.isComplete = false
                continue
            }
            draft.certificates.generatorSchemes[key] = scheme
            draft.certificateGenerators.append(Located(value: key, path: path.key(key), location: map.keyLocation(key)))
        }
    }

    func readValidation(_ document: ParkMapping, into draft: inout ParkDraft) {
        guard let section = optionalSection("validation", of: document, expected: "a mapping with capacity_margin",
                                            keys: ParkSchema.validationKeys, draft: &draft) else { return }
        if let node = section.optional("capacity_margin") {
            let margin = inRange(decimal(node, section.path.key("capacity_margin")),
                                 "the capacity margin must be 0 to 100 (0.10 allows 10 % above capacity)") {
                $0 >= .zero && $0 <= Fixed6(100)
            }
            if let margin { draft.validation.capacityMargin = margin.value } else { draft.isComplete = false }
        }
    }

    /// An optional section as a mapping; `nil` when absent, null or not a mapping (reported).
    func optionalSection(_ key: String, of document: ParkMapping, expected: String, keys: [String],
                         draft: inout ParkDraft) -> ParkMapping? {
        guard let node = document.optional(key) else { return nil }
        guard let section = ParkMapping(node, at: .root.key(key), expected: expected, keys: keys, diagnostics: diagnostics) else {
            draft.isComplete = false
            return nil
        }
        return section
    }

    /// An optional list section whose entries are mappings with `keys`; entries that are
    /// not such mappings are reported and mark the draft incomplete. Empty when absent.
    func optionalList(_ key: String, of document: ParkMapping, expected: String, entry: String, keys: [String],
                      draft: inout ParkDraft) -> [(mapping: ParkMapping, path: FieldPath)] {
        guard let node = document.optional(key) else { return [] }
        guard let entries = items(node, .root.key(key), expected: expected) else { draft.isComplete = false; return [] }
        var result: [(mapping: ParkMapping, path: FieldPath)] = []
        for item in entries {
            if let mapping = ParkMapping(item.node, at: item.path, expected: entry, keys: keys, diagnostics: diagnostics) {
                result.append((mapping, item.path))
            } else {
                draft.isComplete = false
            }
        }
        return result
    }

    /// A factor: a number in kg CO2/kWh (`0.5306`), or the name of a table row (`east`).
    private func factorChoice(_ node: Node, _ path: FieldPath) -> FactorChoice? {
        guard let text = scalar(node, path, expected: "a table name or a number in kg CO2/kWh") else { return nil }
        let looksNumeric = text.value.first.map { $0.isNumber || "+-.".contains($0) } ?? false
        if looksNumeric {
            let rule = "an emission factor must be 0 to \(EmissionFactor.maximumKgPerKWh) kg CO2/kWh"
            let factor = inRange(decimal(node, path), rule) { $0 >= .zero && $0 <= EmissionFactor.maximumKgPerKWh }
            return factor.map { .value($0.value) }
        }
        guard let name = self.text(node, path) else { return nil }
        return .table(name.value)
    }
}
