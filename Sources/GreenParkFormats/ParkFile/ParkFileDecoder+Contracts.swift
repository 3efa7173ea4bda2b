import Yams

extension ParkFileDecoder {
    /// The optional `contracts:` list: supply contracts that pin a member to named
    /// generators. Whether the ids exist is the ``ParkFileValidator``'s check.
    func readContracts(_ document: ParkMapping, into draft: inout ParkDraft) {
        let path = FieldPath.root.key("contracts")
        guard let node = document.optional("contracts") else { return }
        guard let items = items(node, path, expected: "a list of contracts") else { draft.isComplete = false; return }
        for item in items {
            if let contract = readContract(item.node, item.path) {
                draft.contracts.append(contract)
            } else {
                draft.isComplete = false
            }
        }
    }

    private func readContract(_ node: Node, _ path: FieldPath) -> ContractDraft? {
        guard let mapping = ParkMapping(node, at: path, expected: "a contract (a mapping with member and generators)",
                                        keys: ParkSchema.contractKeys, diagnostics: diagnostics)
        else { return nil }
        var contract = ContractDraft(path: path, location: mapping.location)
        contract.member = mapping.required("member").flatMap { identifier($0, path.key("member")) }
        if contract.member == nil { contract.isComplete = false }
        let generatorsPath = path.key("generators")
        guard let list = mapping.required("generators"),
              let items = items(list, generatorsPath, expected: "a list of generator ids, e.g. [pv-north]")
        else { contract.isComplete = false; return contract }
        if items.isEmpty {
            diagnostics.error(.emptyValue, at: list.location, generatorsPath,
                              "a contract needs at least one generator")
            contract.isComplete = false
        }
        for item in items {
            if let generator = identifier(item.node, item.path) {
                contract.generators.append(generator)
            } else {
                contract.isComplete = false
            }
        }
        return contract
    }
}
