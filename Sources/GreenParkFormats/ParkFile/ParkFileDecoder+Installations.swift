import GreenParkCore
import Yams

extension ParkFileDecoder {
    /// A member's `installations:` (EU CBAM): id, name, address, UN/LOCODE, meters, goods.
    func readInstallations(_ node: Node, _ path: FieldPath, into member: inout MemberDraft) {
        guard let entries = items(node, path, expected: "a list of installations") else { member.isComplete = false; return }
        for item in entries {
            guard let mapping = ParkMapping(item.node, at: item.path, expected: "an installation (id, name, address, unlocode, meters, goods)",
                                            keys: ParkSchema.installationKeys, diagnostics: diagnostics)
            else { member.isComplete = false; continue }
            var draft = InstallationDraft()
            let p = item.path
            draft.id = mapping.required("id").flatMap { identifier($0, p.key("id")) }
            draft.name = mapping.required("name").flatMap { text($0, p.key("name"))?.value }
            draft.address = mapping.required("address").flatMap { text($0, p.key("address"))?.value }
            if let code = mapping.required("unlocode").flatMap({ text($0, p.key("unlocode")) }) {
                let valid = code.value.count == 5 && code.value.prefix(2).allSatisfy { $0.isASCII && $0.isUppercase }
                    && code.value.dropFirst(2).allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
                if valid { draft.unlocode = code.value } else {
                    diagnostics.error(.invalidChoice, at: code.location, p.key("unlocode"), "a UN/LOCODE is 2 country letters and 3 letters or digits, e.g. CNHGH")
                }
            }
            if let metersNode = mapping.required("meters"), let meters = items(metersNode, p.key("meters"), expected: "a list of the member's meter ids") {
                if meters.isEmpty { diagnostics.error(.emptyValue, at: metersNode.location, p.key("meters"), "an installation needs at least one of the member's meters") }
                for meter in meters {
                    if let id = identifier(meter.node, meter.path) { draft.meters.append(id) } else { draft.isComplete = false }
                }
                if meters.isEmpty { draft.isComplete = false }
            } else {
                draft.isComplete = false
            }
            if let goodsNode = mapping.required("goods"), let goods = items(goodsNode, p.key("goods"), expected: "a list of goods (cn_code, category)") {
                if goods.isEmpty { diagnostics.error(.emptyValue, at: goodsNode.location, p.key("goods"), "an installation needs at least one good"); draft.isComplete = false }
                for good in goods {
                    guard let g = ParkMapping(good.node, at: good.path, expected: "a good (cn_code, category)", keys: ParkSchema.goodKeys, diagnostics: diagnostics)
                    else { draft.isComplete = false; continue }
                    var category: CBAMCategory?
                    if let node = g.required("category") { category = choice(node, good.path.key("category")) }
                    var code: String?
                    if let text = g.required("cn_code").flatMap({ scalar($0, good.path.key("cn_code"), expected: "a CN code of 4 to 10 digits") }) {
                        if (4...10).contains(text.value.count), text.value.allSatisfy({ $0.isASCII && $0.isNumber }) { code = text.value } else {
                            diagnostics.error(.invalidChoice, at: text.location, good.path.key("cn_code"), "a CN code is 4 to 10 digits, e.g. \"25231000\" (quote it to keep leading zeros)")
                        }
                    }
                    if let category, let code { draft.goods.append(CBAMGood(cnCode: code, category: category)) } else { draft.isComplete = false }
                }
            } else {
                draft.isComplete = false
            }
            if draft.id == nil || draft.name == nil || draft.address == nil || draft.unlocode == nil { draft.isComplete = false }
            member.installations.append(draft)
        }
    }
}
