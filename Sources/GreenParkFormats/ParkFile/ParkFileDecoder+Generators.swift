import GreenParkCore
import Yams

extension ParkFileDecoder {
    /// The `generators:` list: the key is required, an empty list is allowed with a
    /// ``ParkFileIssueCode/noGenerators`` warning.
    func readGenerators(_ document: ParkMapping, into draft: inout ParkDraft) {
        let path = FieldPath.root.key("generators")
        guard let node = document.required("generators", hint: "; write \"generators: []\" for a park without generators"),
              let items = items(node, path, expected: "a list of generators")
        else { draft.isComplete = false; draft.generatorIDsComplete = false; return }
        if items.isEmpty {
            diagnostics.warning(.noGenerators, at: document.keyLocation("generators"), path,
                                "the park has no generators; all consumption will count as grid import")
        }
        for item in items {
            if let generator = readGenerator(item.node, item.path) {
                draft.generators.append(generator)
                if generator.id == nil { draft.generatorIDsComplete = false }
            } else {
                draft.isComplete = false
                draft.generatorIDsComplete = false
            }
        }
    }

    private func readGenerator(_ node: Node, _ path: FieldPath) -> GeneratorDraft? {
        guard let mapping = ParkMapping(node, at: path, expected: "a generator (a mapping with id, name, technology, ...)",
                                        keys: ParkSchema.generatorKeys, diagnostics: diagnostics)
        else { return nil }
        var generator = GeneratorDraft(path: path, location: mapping.location)
        generator.id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
        generator.name = mapping.required("name").flatMap { text($0, path.key("name"))?.value }
        generator.technology = mapping.required("technology").flatMap { choice($0, path.key("technology")) }
        generator.capacityKW = mapping.required("capacity_kw").flatMap {
            let rule = "the capacity must be greater than 0 and at most \(ParkSchema.maximumKW) kW"
            return inRange(decimal($0, path.key("capacity_kw")), rule) {
                $0 > .zero && $0 <= ParkSchema.maximumKW
            }?.value
        }
        generator.commissioned = mapping.required("commissioned").flatMap { date($0, path.key("commissioned")) }
        generator.registered = mapping.required("registered").flatMap { date($0, path.key("registered")) }
        generator.meter = mapping.required("meter").flatMap { identifier($0, path.key("meter")) }
        if let node = mapping.optional("region") {
            generator.region = text(node, path.key("region"))?.value
            if generator.region == nil { generator.isComplete = false }
        }
        readEmissionRate(mapping, into: &generator)
        if let commissioned = generator.commissioned, let registered = generator.registered,
           registered.value < commissioned.value {
            diagnostics.warning(.registeredBeforeCommissioned, at: registered.location, registered.path,
                                "registration date \(registered.value) is before the commissioning date \(commissioned.value) (\(commissioned.path)); check both dates")
        }
        return generator
    }

    /// `emission_rate_kg_per_kwh`: 0 to 10 kg CO2/kWh; required for a technology without a
    /// known zero rate (biomass), which is never counted as 0 silently.
    private func readEmissionRate(_ mapping: ParkMapping, into generator: inout GeneratorDraft) {
        let path = generator.path.key("emission_rate_kg_per_kwh")
        if let node = mapping.optional("emission_rate_kg_per_kwh") {
            let rule = "an emission rate is 0 to \(EmissionFactor.maximumKgPerKWh) kg CO2/kWh"
            generator.emissionRate = inRange(decimal(node, path), rule) {
                $0 >= .zero && $0 <= EmissionFactor.maximumKgPerKWh
            }?.value
            if generator.emissionRate == nil { generator.isComplete = false }
        } else if let technology = generator.technology, !technology.hasKnownZeroRate {
            diagnostics.error(.missingField, at: mapping.keyLocation("technology"), path,
                              "\(technology.rawValue) has no known zero emission rate; give the plant's rate in "
                                  + "kg CO2/kWh (from its emissions monitoring), which Scope 2 applies to its "
                                  + "direct-line supply")
            generator.isComplete = false
        }
    }
}
