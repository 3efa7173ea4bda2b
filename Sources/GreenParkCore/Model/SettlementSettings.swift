/// A shared infrastructure item of the park (direct lines, substation, metering, the VPP
/// platform): its annual cost and how it is split among members (DOMAIN.md 6).
public struct SharedCost: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Annual cost in fen.
    public var annualCostFen: Int64
    public var method: CostSharingMethod

    public init(id: String, name: String, annualCostFen: Int64, method: CostSharingMethod) {
        self.id = id
        self.name = name
        self.annualCostFen = annualCostFen
        self.method = method
    }

    /// The cost for `[from, to)`: `annual x seconds / seconds of the year`, rounded half to
    /// even to the fen (a whole year gets exactly the annual cost).
    public func cost(seconds: Int64, yearSeconds: Int64) -> Int64 {
        guard seconds < yearSeconds else { return annualCostFen }
        let (q, r) = ExactArithmetic.mulDiv(annualCostFen, seconds, yearSeconds)
        return r * 2 > yearSeconds || (r * 2 == yearSeconds && q % 2 != 0) ? q + 1 : q
    }
}
