import GreenParkCore
import Yams

extension ParkFileDecoder {
    /// The `members:` list: required, at least one member.
    func readMembers(_ document: ParkMapping, into draft: inout ParkDraft) {
        let path = FieldPath.root.key("members")
        draft.membersLocation = document.keyLocation("members")
        guard let node = document.required("members"),
              let items = items(node, path, expected: "a list of members")
        else { draft.isComplete = false; draft.memberIDsComplete = false; return }
        if items.isEmpty {
            diagnostics.error(.emptyValue, at: node.location, path, "the park needs at least one member")
            draft.isComplete = false
        }
        for item in items {
            if let member = readMember(item.node, item.path) {
                draft.members.append(member)
                if member.id == nil { draft.memberIDsComplete = false }
            } else {
                draft.isComplete = false
                draft.memberIDsComplete = false
            }
        }
    }

    private func readMember(_ node: Node, _ path: FieldPath) -> MemberDraft? {
        guard let mapping = ParkMapping(node, at: path, expected: "a member (a mapping with id, name, meters)",
                                        keys: ParkSchema.memberKeys, diagnostics: diagnostics)
        else { return nil }
        var member = MemberDraft(path: path, location: mapping.location)
        member.writtenKeys = Set(ParkSchema.memberKeys.filter(mapping.contains))
        member.id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
        member.name = mapping.required("name").flatMap { text($0, path.key("name"))?.value }
        if member.id == nil || member.name == nil { member.isComplete = false }
        readMemberMeters(mapping, into: &member)
        if let node = mapping.optional("share") {
            member.share = inRange(decimal(node, path.key("share")), "a share must be between 0 and 1") {
                $0 >= .zero && $0 <= .one
            }
            if member.share == nil { member.isComplete = false }
        }
        if let node = mapping.optional("weight") {
            member.weight = inRange(decimal(node, path.key("weight")), "a weight must be greater than 0") { $0 > .zero }
            if member.weight == nil { member.isComplete = false }
        }
        if let node = mapping.optional("tier") {
            member.tier = inRange(integer(node, path.key("tier")), "a tier is a whole number from 1 (served first)") { $0 >= 1 }
            if member.tier == nil { member.isComplete = false }
        }
        if let node = mapping.optional("installations") { readInstallations(node, path.key("installations"), into: &member) }
        if let node = mapping.optional("hydrogen") {
            let hydrogenPath = path.key("hydrogen")
            if let hydrogen = ParkMapping(node, at: hydrogenPath, expected: "a mapping with placed_in_service", keys: ParkSchema.hydrogenKeys, diagnostics: diagnostics),
               let date = hydrogen.required("placed_in_service").flatMap({ date($0, hydrogenPath.key("placed_in_service")) }) {
                let region = hydrogen.optional("region").map { text($0, hydrogenPath.key("region")) }
                if case .some(.none) = region { member.isComplete = false }
                member.hydrogen = HydrogenProducer(placedInService: date.value, region: region??.value)
            } else {
                member.isComplete = false
            }
        }
        return member
    }

    private func readMemberMeters(_ mapping: ParkMapping, into member: inout MemberDraft) {
        let path = mapping.path.key("meters")
        guard let node = mapping.required("meters"),
              let items = items(node, path, expected: "a list of meter ids, e.g. [textiles-main]")
        else { member.isComplete = false; return }
        if items.isEmpty {
            diagnostics.error(.emptyValue, at: node.location, path, "a member needs at least one consumption meter")
            member.isComplete = false
        }
        for item in items {
            if let meter = identifier(item.node, item.path) {
                member.meters.append(meter)
            } else {
                member.isComplete = false
            }
        }
    }
}
