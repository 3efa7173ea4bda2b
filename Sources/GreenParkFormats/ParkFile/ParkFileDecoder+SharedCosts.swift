import GreenParkCore
import Yams

extension ParkFileDecoder {
    /// `shared_costs:` a list of items with id, name, annual cost in fen and split method.
    func readSharedCosts(_ document: ParkMapping, into draft: inout ParkDraft) {
        let path = FieldPath.root.key("shared_costs")
        guard let node = document.optional("shared_costs") else { return }
        guard let entries = items(node, path, expected: "a list of shared costs") else { draft.isComplete = false; return }
        for item in entries {
            guard let mapping = ParkMapping(item.node, at: item.path, expected: "a shared cost (id, name, annual_cost_fen, method)",
                                            keys: ParkSchema.sharedCostKeys, diagnostics: diagnostics)
            else { draft.isComplete = false; continue }
            let id = mapping.required("id").flatMap { identifier($0, item.path.key("id")) }
            let name = mapping.required("name").flatMap { text($0, item.path.key("name"))?.value }
            let cost = mapping.required("annual_cost_fen").flatMap {
                inRange(integer($0, item.path.key("annual_cost_fen")), "an annual cost is a whole number of fen, 0 or more") { $0 >= 0 }
            }
            var method: CostSharingMethod?
            if let node = mapping.required("method") { method = choice(node, item.path.key("method")) }
            if let id, let name, let cost, let method {
                if method == .shapley, draft.members.count > ShapleyExact.maximumMembers {
                    diagnostics.error(.outOfRange, at: mapping.location, item.path.key("method"),
                                      "exact Shapley is for up to \(ShapleyExact.maximumMembers) members (the park has \(draft.members.count)); use shapley-sampled")
                    draft.isComplete = false
                    continue
                }
                if let first = draft.sharedCostIDs.first(where: { $0.value == id.value }) {
                    diagnostics.error(.duplicateID, at: id.location, id.path, "shared cost id \"\(id.value)\" is already used (\(first.path))")
                    draft.isComplete = false
                    continue
                }
                draft.sharedCostIDs.append(id)
                draft.sharedCosts.append(SharedCost(id: id.value, name: name, annualCostFen: Int64(cost.value), method: method))
            } else {
                draft.isComplete = false
            }
        }
    }
}
