/// The allocation key of a park with its parameters in the form the kernels use:
/// shares and weights as millionths, tiers as an index order, contracts as the members
/// pinned to each generator.
public struct AllocationRule: Sendable, Equatable {
    public var key: AllocationKeyName
    public var memberCount: Int
    public var generatorCount: Int
    /// Millionths per member (`static`).
    public var shares: [Int64]
    /// Millionths per member (`weighted`).
    public var weights: [Int64]
    /// Member indices tier by tier (`priority`) and the end of each tier in it.
    public var tierOrder: [Int32]
    public var tierEnds: [Int]
    /// For each generator, the members pinned to it by contracts (park order).
    public var pinned: [[Int]]

    /// Builds the rule for `park`; fails when a parameter the key needs is missing (the
    /// park file check reports these first).
    public init(park: Park) throws {
        let key = park.allocation.key
        self.key = key
        memberCount = park.members.count
        generatorCount = park.generators.count
        func need<T>(_ value: T?, _ what: String, _ member: Member) throws -> T {
            guard let value else { throw AllocationSetupError(message: "member \(member.id) has no \(what), which the \(park.allocation.key.rawValue) key needs") }
            return value
        }
        shares = try park.members.map { key == .static ? try need($0.share, "share", $0).millionths : 0 }
        weights = try park.members.map { key == .weighted ? try need($0.weight, "weight", $0).millionths : 0 }
        // The kernel sums the weights in Int64 (the park file check refuses larger sums).
        let (_, weightOverflow) = weights.reduce((Int64(0), false)) { sum, w in
            let (next, overflow) = sum.0.addingReportingOverflow(w)
            return (next, sum.1 || overflow)
        }
        if weightOverflow || weights.contains(where: { $0 < 0 }) {
            throw AllocationSetupError(
                message: "the members' weights are negative or add up to more than \(Fixed6(millionths: Int64.max))")
        }
        let tiers = try park.members.map { key == .priority ? try need($0.tier, "tier", $0) : 1 }
        (tierOrder, tierEnds) = Self.tierLayout(tiers)
        let memberIndex = Dictionary(uniqueKeysWithValues: park.members.enumerated().map { ($1.id, $0) })
        let generatorIndex = Dictionary(uniqueKeysWithValues: park.generators.enumerated().map { ($1.id, $0) })
        pinned = Array(repeating: [], count: generatorCount)
        for contract in park.contracts {
            guard let m = memberIndex[contract.member] else { throw AllocationSetupError(message: "contract names unknown member \(contract.member)") }
            for id in contract.generators {
                guard let g = generatorIndex[id] else { throw AllocationSetupError(message: "contract of \(contract.member) names unknown generator \(id)") }
                pinned[g].append(m)
            }
        }
        pinned = pinned.map { $0.sorted() }
    }

    /// A rule for benchmarks and tests, without contracts.
    public init(key: AllocationKeyName, memberCount: Int, generatorCount: Int, shares: [Int64]? = nil, weights: [Int64]? = nil, tiers: [Int]? = nil) {
        self.key = key
        self.memberCount = memberCount
        self.generatorCount = generatorCount
        self.shares = shares ?? Array(repeating: 0, count: memberCount)
        self.weights = weights ?? Array(repeating: Fixed6.scale, count: memberCount)
        (tierOrder, tierEnds) = Self.tierLayout(tiers ?? Array(repeating: 1, count: memberCount))
        pinned = Array(repeating: [], count: generatorCount)
    }

    /// Member indices ordered by tier (park order within a tier) and each tier's end.
    static func tierLayout(_ tiers: [Int]) -> ([Int32], [Int]) {
        let order = tiers.indices.sorted { (tiers[$0], $0) < (tiers[$1], $1) }
        var ends: [Int] = []
        for (position, member) in order.enumerated() where position + 1 == order.count || tiers[order[position + 1]] != tiers[member] {
            ends.append(position + 1)
        }
        return (order.map { Int32($0) }, ends)
    }

    var hasContracts: Bool { pinned.contains { !$0.isEmpty } }
}

/// The park's allocation settings cannot be used.
public struct AllocationSetupError: GreenParkError {
    public var message: String
    public var code: String { "allocation.setup" }
}
