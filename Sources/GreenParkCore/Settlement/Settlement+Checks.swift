/// One check of a settlement against its inputs: what the inputs say (`expected`) and
/// what the settlement's lines add up to (`actual`), in Wh or fen.
public struct SettlementCheck: Sendable, Equatable {
    /// `billed-energy` (a member), `generator-energy` (a generator), `storage-discharge` (a
    /// storage device) or `shared-cost` (an item).
    public let id: String
    /// The member, generator, storage device or shared-cost id checked.
    public let party: String
    public let expected: Int64
    public let actual: Int64
    /// `Wh` or `fen`.
    public let unit: String

    public var passes: Bool { expected == actual }

    /// One sentence for people, e.g. `billed-energy of a: 3,001 Wh billed, 4,001 Wh consumed`.
    public var description: String {
        let (did, should) = switch id {
        case "billed-energy": ("billed", "consumed")
        case "generator-energy": ("sold or exported", "generated")
        case "storage-discharge": ("sold or exported", "discharged")
        default: ("on the bills", "the period's cost")
        }
        return "\(id) of \(party): \(actual) \(unit) \(did), \(expected) \(unit) \(should)"
    }
}

extension Settlement {
    /// The checks every settlement must pass before it is stored (docs/settlement.md). The
    /// balance needs no check (it is an identity of how the lines are built); these compare
    /// the lines with the inputs, computed here on their own:
    /// - `billed-energy`, per member: the Wh of its green, storage and grid lines equal its
    ///   metered consumption in the intervals not excluded by the gap policy (the consumption
    ///   of summary.json);
    /// - `generator-energy`, per generator: the Wh of its sale (to members and to storage)
    ///   and export lines equal its metered generation in those intervals;
    /// - `storage-discharge`, per storage device: the Wh of its sale and export lines equal
    ///   its metered discharge in those intervals (an interval in which the members were given
    ///   more than it discharged is not netted against the export of another). Its purchase
    ///   and grid-charge lines add up to its charge by how they are built (green charge plus
    ///   the rest), an identity like the balance: reported, not checked;
    /// - `shared-cost`, per item: the item's shared lines on all bills add up to the
    ///   period's cost of the item.
    public func checks(data: PeriodData, sharedCosts: [(id: String, periodCostFen: Int64)]) -> [SettlementCheck] {
        let problem = data.problem
        let n = problem.memberCount, m = problem.generatorCount
        let s = data.storage?.deviceCount ?? 0
        var consumption = [Int64](repeating: 0, count: n), generation = [Int64](repeating: 0, count: m)
        var discharge = [Int64](repeating: 0, count: s)
        for t in 0..<problem.intervalCount where !problem.excluded[t] {
            for i in 0..<n { consumption[i] += problem.consumption[t * n + i] }
            for j in 0..<m { generation[j] += problem.generation[t * m + j] }
            for k in 0..<s { discharge[k] += data.storage!.discharge[t * s + k] }
        }
        func energy(_ lines: [Line], _ kinds: Set<Line.Kind>) -> Int64 {
            lines.filter { kinds.contains($0.kind) }.reduce(0) { $0 + ($1.energyWh ?? 0) }
        }
        var result: [SettlementCheck] = []
        for (i, bill) in bills.enumerated() {
            result.append(SettlementCheck(id: "billed-energy", party: bill.member, expected: i < n ? consumption[i] : 0,
                                          actual: energy(bill.lines, [.green, .storage, .grid]), unit: "Wh"))
        }
        for (j, statement) in statements.enumerated() where j < m {
            result.append(SettlementCheck(id: "generator-energy", party: statement.generator, expected: generation[j],
                                          actual: energy(statement.lines, [.sale, .storageSale, .export]), unit: "Wh"))
        }
        // The devices' statements follow the generators'; a device without one is checked against nothing sold.
        let devices = data.storage?.devices.map(\.id) ?? []
        for (k, device) in devices.enumerated() {
            let lines = statements.dropFirst(m).first { $0.generator == device }?.lines ?? []
            result.append(SettlementCheck(id: "storage-discharge", party: device, expected: discharge[k],
                                          actual: energy(lines, [.sale, .export]), unit: "Wh"))
        }
        for cost in sharedCosts {
            let billed = bills.flatMap(\.lines).filter { $0.kind == .shared && $0.item == cost.id }
                .reduce(0) { $0 + $1.amountFen }
            result.append(SettlementCheck(id: "shared-cost", party: cost.id, expected: cost.periodCostFen,
                                          actual: billed, unit: "fen"))
        }
        return result
    }
}
