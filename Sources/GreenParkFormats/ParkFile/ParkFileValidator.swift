import GreenParkCore

/// The checks across fields of a park file, run on the ``ParkDraft`` after every single
/// field has been read: unique identifiers, one owner per meter, meter settings for
/// known meters, the sum of shares, the parameters the allocation key needs and the
/// references of the supply contracts.
struct ParkFileValidator {
    let diagnostics: ParkFileDiagnostics

    func validate(_ draft: ParkDraft) {
        checkUniqueIDs(draft)
        let owners = checkMeterOwners(draft)
        checkMeterSpecs(draft, owners: owners)
        checkShareSum(draft)
        checkWeightSum(draft)
        checkKeyParameters(draft)
        checkContracts(draft)
        checkInstallations(draft)
        checkCertificateGenerators(draft)
        checkStorage(draft)
        checkStoragePrices(draft)
    }

    /// Installation ids unique in the park; each installation's meters are meters of its
    /// member, and a meter measures at most one installation.
    private func checkInstallations(_ draft: ParkDraft) {
        var ids: [String: Located<String>] = [:]
        for member in draft.members {
            let own = Set(member.meters.map(\.value))
            var used: [String: Located<String>] = [:]
            for installation in member.installations {
                if let id = installation.id {
                    if let first = ids[id.value] {
                        diagnostics.error(.duplicateID, at: id.location, id.path, "installation id \"\(id.value)\" is already used (\(place(first)))")
                    } else {
                        ids[id.value] = id
                    }
                }
                for meter in installation.meters {
                    if !own.contains(meter.value) {
                        diagnostics.error(.unknownMeter, at: meter.location, meter.path,
                                          "meter \"\(meter.value)\" is not a meter of \(member.displayName) (its meters: \(member.meters.map(\.value).joined(separator: ", ")))")
                    } else if let first = used[meter.value] {
                        diagnostics.error(.duplicateID, at: meter.location, meter.path,
                                          "meter \"\(meter.value)\" already measures another installation (\(place(first))); a meter belongs to one installation")
                    } else {
                        used[meter.value] = meter
                    }
                }
            }
        }
    }

    /// Member ids unique, generator ids unique, and no generator named like a member.
    private func checkUniqueIDs(_ draft: ParkDraft) {
        var members: [String: Located<String>] = [:]
        for member in draft.members {
            guard let id = member.id else { continue }
            if let first = members[id.value] {
                diagnostics.error(.duplicateID, at: id.location, id.path,
                                  "member id \"\(id.value)\" is already used (\(place(first)))")
            } else {
                members[id.value] = id
            }
        }
        var generators: [String: Located<String>] = [:]
        for generator in draft.generators {
            guard let id = generator.id else { continue }
            if let first = generators[id.value] {
                diagnostics.error(.duplicateID, at: id.location, id.path,
                                  "generator id \"\(id.value)\" is already used (\(place(first)))")
            } else if let member = members[id.value] {
                diagnostics.error(.duplicateID, at: id.location, id.path,
                                  "generator id \"\(id.value)\" is already the id of a member (\(place(member))); members and generators need distinct ids")
                generators[id.value] = id
            } else {
                generators[id.value] = id
            }
        }
    }

    /// Every meter belongs to exactly one member, generator or storage device. Returns the owners by meter id.
    private func checkMeterOwners(_ draft: ParkDraft) -> [String: (owner: String, place: Located<String>)] {
        var owners: [String: (owner: String, place: Located<String>)] = [:]
        func claim(_ meter: Located<String>, by owner: String) {
            if let first = owners[meter.value] {
                diagnostics.error(.duplicateID, at: meter.location, meter.path,
                                  "meter \"\(meter.value)\" is already a meter of \(first.owner) "
                                      + "(\(place(first.place))); a meter belongs to exactly one member, generator "
                                      + "or storage device")
            } else {
                owners[meter.value] = (owner, meter)
            }
        }
        for member in draft.members {
            for meter in member.meters { claim(meter, by: member.displayName) }
        }
        for generator in draft.generators {
            if let meter = generator.meter { claim(meter, by: generator.displayName) }
        }
        for device in draft.storage {
            for meter in [device.chargeMeter, device.dischargeMeter].compactMap({ $0 }) {
                claim(meter, by: device.displayName)
            }
        }
        return owners
    }

    /// `meters:` entries name known meters, each at most once.
    private func checkMeterSpecs(_ draft: ParkDraft, owners: [String: (owner: String, place: Located<String>)]) {
        var seen: [String: Located<String>] = [:]
        for spec in draft.meterSpecs {
            guard let id = spec.id else { continue }
            if let first = seen[id.value] {
                diagnostics.error(.duplicateID, at: id.location, id.path,
                                  "meter \"\(id.value)\" already has settings (\(place(first))); give each meter one entry")
                continue
            }
            seen[id.value] = id
            if owners[id.value] == nil {
                diagnostics.error(.unknownMeter, at: id.location, id.path,
                                  "meter \"\(id.value)\" is not a meter of any member, generator or storage device"
                                      + NameSuggestion.hint(for: id.value, among: owners.keys.sorted()))
            }
        }
    }

    /// The shares of all members add up to at most 1 (exactly, in millionths).
    private func checkShareSum(_ draft: ParkDraft) {
        // Each share is already checked to lie in [0, 1], so the sum cannot overflow.
        let sum = draft.members.compactMap(\.share?.value).reduce(Fixed6.zero, +)
        guard sum > .one else { return }
        diagnostics.error(.sharesExceedOne, at: draft.membersLocation, .root.key("members"),
                          "the shares of all members add up to \(sum), more than 1")
    }

    /// The weights of all members add up to at most `Int64.max` millionths
    /// (9,223,372,036,854.775807): the weighted key sums them exactly. Reported at the
    /// weight where the sum first overflows.
    private func checkWeightSum(_ draft: ParkDraft) {
        var sum = Fixed6.zero
        for weight in draft.members.compactMap(\.weight) {
            guard let next = sum.adding(weight.value) else {
                diagnostics.error(.outOfRange, at: weight.location, weight.path,
                                  "the weights of all members add up to more than \(Fixed6(millionths: Int64.max)), "
                                      + "the largest sum GreenPark computes exactly; only their ratios matter, "
                                      + "so scale them down")
                return
            }
            sum = next
        }
    }

    /// `static` needs every share, `weighted` every weight, `priority` every tier.
    private func checkKeyParameters(_ draft: ParkDraft) {
        let key = draft.allocation.key
        let field: String
        switch key {
        case .proRata: return
        case .static: field = "share"
        case .weighted: field = "weight"
        case .priority: field = "tier"
        }
        for member in draft.members where !member.writtenKeys.contains(field) {
            diagnostics.error(.missingKeyParameter, at: member.location, member.path.key(field),
                              "allocation key \"\(key.rawValue)\" needs a \(field) for every member; \(member.displayName) has none")
        }
    }

    /// `certificates.generators` names generators of the park.
    private func checkCertificateGenerators(_ draft: ParkDraft) {
        let generatorIDs = draft.generators.compactMap(\.id?.value)
        for named in draft.certificateGenerators where draft.generatorIDsComplete && !generatorIDs.contains(named.value) {
            diagnostics.error(.unknownReference, at: named.location, named.path,
                              "\(quotedForMessage(named.value)) is not a generator of the park"
                                  + NameSuggestion.hint(for: named.value, among: generatorIDs))
        }
    }

    /// Each contract names a member of the park and generators of the park, each
    /// generator once, and each member has at most one contract.
    private func checkContracts(_ draft: ParkDraft) {
        guard !draft.contracts.isEmpty else { return }
        let memberIDs = draft.members.compactMap(\.id?.value)
        let generatorIDs = draft.generators.compactMap(\.id?.value)
        var contracted: [String: Located<String>] = [:]
        for contract in draft.contracts {
            if let member = contract.member {
                if !memberIDs.contains(member.value) {
                    if draft.memberIDsComplete {
                        let hint = generatorIDs.contains(member.value)
                            ? "; it is a generator, a contract's member must be a member id"
                            : NameSuggestion.hint(for: member.value, among: memberIDs)
                        diagnostics.error(.unknownReference, at: member.location, member.path,
                                          "\(quotedForMessage(member.value)) is not a member of the park\(hint)")
                    }
                } else if let first = contracted[member.value] {
                    diagnostics.error(.duplicateID, at: member.location, member.path,
                                      "member \"\(member.value)\" already has a contract (\(place(first))); list all its generators in one contract")
                } else {
                    contracted[member.value] = member
                }
            }
            var listed: [String: Located<String>] = [:]
            for generator in contract.generators {
                if let first = listed[generator.value] {
                    diagnostics.error(.duplicateID, at: generator.location, generator.path,
                                      "generator \"\(generator.value)\" is already listed (\(place(first))); list each generator once")
                    continue
                }
                listed[generator.value] = generator
                if !generatorIDs.contains(generator.value), draft.generatorIDsComplete {
                    let hint = memberIDs.contains(generator.value)
                        ? "; it is a member, a contract's generators must be generator ids"
                        : NameSuggestion.hint(for: generator.value, among: generatorIDs)
                    diagnostics.error(.unknownReference, at: generator.location, generator.path,
                                      "\(quotedForMessage(generator.value)) is not a generator of the park\(hint)")
                }
            }
        }
    }

    /// `members[0].id, line 12`: where a first occurrence is.
    func place(_ value: Located<String>) -> String {
        value.location.line > 0 ? "\(value.path), line \(value.location.line)" : "\(value.path)"
    }
}
