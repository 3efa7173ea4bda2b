import GreenParkCore

extension ParkDraft {
    /// The typed park, or `nil` when anything required is missing or invalid (those
    /// problems are already reported).
    func park() -> Park? {
        guard isComplete, version == ParkSchema.version, let settings else { return nil }
        var typedMembers: [Member] = []
        for member in members {
            guard let typed = member.member() else { return nil }
            typedMembers.append(typed)
        }
        var typedGenerators: [Generator] = []
        for generator in generators {
            guard let typed = generator.generator() else { return nil }
            typedGenerators.append(typed)
        }
        var specs: [MeterSpec] = []
        for spec in meterSpecs {
            guard spec.isComplete, let id = spec.id else { return nil }
            specs.append(MeterSpec(id: id.value, maxKW: spec.maxKW, registerRolloverKWh: spec.registerRolloverKWh))
        }
        var typedContracts: [SupplyContract] = []
        for contract in contracts {
            guard contract.isComplete, let member = contract.member, !contract.generators.isEmpty else { return nil }
            typedContracts.append(SupplyContract(member: member.value, generators: contract.generators.map(\.value)))
        }
        var devices: [StorageDevice] = []
        for draft in storage {
            guard let device = draft.device() else { return nil }
            devices.append(device)
        }
        return Park(
            version: ParkSchema.version, settings: settings, members: typedMembers, generators: typedGenerators,
            meters: specs, allocation: allocation, emissionFactors: emissionFactors,
            certificates: certificates, validation: validation, contracts: typedContracts, sharedCosts: sharedCosts,
            settlement: settlement, storage: devices, flexibleLoads: flexibleLoads.map(\.load)
        )
    }
}

extension MemberDraft {
    /// The typed member, or `nil` when a required field is missing or invalid.
    func member() -> Member? {
        guard isComplete, let id, let name, !meters.isEmpty else { return nil }
        var typed: [Installation] = []
        for draft in installations {
            guard draft.isComplete, let id = draft.id, let name = draft.name, let address = draft.address, let unlocode = draft.unlocode
            else { return nil }
            typed.append(Installation(id: id.value, name: name, address: address, unlocode: unlocode, meters: draft.meters.map(\.value), goods: draft.goods))
        }
        return Member(id: id.value, name: name, meters: meters.map(\.value),
                      share: share?.value, weight: weight?.value, tier: tier?.value, installations: typed, hydrogen: hydrogen)
    }
}

extension GeneratorDraft {
    /// The typed generator, or `nil` when a required field is missing or invalid.
    func generator() -> Generator? {
        guard isComplete, let id, let name, let technology, let capacityKW, let commissioned, let registered, let meter
        else { return nil }
        return Generator(id: id.value, name: name, technology: technology, capacityKW: capacityKW,
                         commissioned: commissioned.value, registered: registered.value, meter: meter.value,
                         region: region, emissionRate: emissionRate)
    }
}

extension StorageDraft {
    /// The device, or `nil` when a field is missing or the fields do not agree (reported by
    /// the decoder and the validator, which check everything ``StorageDevice`` does).
    func device() -> StorageDevice? {
        guard isComplete, let id, let name, let capacityKWh, let chargeKW, let dischargeKW, let efficiency,
              let efficiencyFrom, let efficiencyTo, let minimumSoC, let maximumSoC, let owner, let chargeMeter,
              let dischargeMeter, efficiencyFrom.value <= efficiencyTo.value
        else { return nil }
        return try? StorageDevice(
            id: id.value, name: name, capacityWh: capacityKWh.value.millionths / 1000,
            chargeW: chargeKW.value.millionths / 1000, dischargeW: dischargeKW.value.millionths / 1000,
            efficiency: efficiency.value, efficiencyMeasured: efficiencyFrom.value...efficiencyTo.value,
            minimumSoC: minimumSoC.value, maximumSoC: maximumSoC.value,
            owner: owner.value == "park" ? .park : .member(owner.value),
            chargeMeter: chargeMeter.value, dischargeMeter: dischargeMeter.value)
    }
}
