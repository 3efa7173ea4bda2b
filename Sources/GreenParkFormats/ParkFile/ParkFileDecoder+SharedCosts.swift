import GreenParkCore
import GreenParkOptimization
import Yams

extension ParkFileDecoder {
    /// `shared_costs:` a list of items with id, name, annual cost in fen and split method;
    /// `orders:` the fixed budget of sampled orders of a `shapley-sampled` item (an even
    /// number from 4 to 10,000,000; ``ShapleyCostSplit/defaultOrders`` when absent).
    func readSharedCosts(_ document: ParkMapping, into draft: inout ParkDraft) {
        for (mapping, path) in optionalList("shared_costs", of: document, expected: "a list of shared costs",
                                            entry: "a shared cost (id, name, annual_cost_fen, method)", keys: ParkSchema.sharedCostKeys, draft: &draft) {
            let id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
            let name = mapping.required("name").flatMap { text($0, path.key("name"))?.value }
            let cost = mapping.required("annual_cost_fen").flatMap {
                inRange(integer($0, path.key("annual_cost_fen")), "an annual cost is a whole number of fen from 0 to 10^15 (10 trillion CNY)") { $0 >= 0 && $0 <= 1_000_000_000_000_000 }
            }
            var method: CostSharingMethod?
            if let node = mapping.required("method") { method = choice(node, path.key("method")) }
            let orders = readOrders(mapping, path, method: method, draft: &draft)
            if let id, let name, let cost, let method {
                if method == .shapley, draft.members.count > ShapleyExact.maximumMembers {
                    diagnostics.error(.outOfRange, at: mapping.location, path.key("method"),
                                      "exact Shapley is for up to \(ShapleyExact.maximumMembers) members (the park has \(draft.members.count)); use shapley-sampled")
                    draft.isComplete = false
                    continue
                }
                if method == .leastCore, draft.members.count > LeastCore.maximumMembers {
                    diagnostics.error(.outOfRange, at: mapping.location, path.key("method"),
                                      "least-core is for up to \(LeastCore.maximumMembers) members (the park has \(draft.members.count)); use shapley-sampled")
                    draft.isComplete = false
                    continue
                }
                if let first = draft.sharedCostIDs.first(where: { $0.value == id.value }) {
                    diagnostics.error(.duplicateID, at: id.location, id.path, "shared cost id \"\(id.value)\" is already used (\(first.path))")
                    draft.isComplete = false
                    continue
                }
                draft.sharedCostIDs.append(id)
                draft.sharedCosts.append(SharedCost(id: id.value, name: name, annualCostFen: Int64(cost.value),
                                                    method: method, orders: orders))
            } else {
                draft.isComplete = false
            }
        }
    }
}

extension ParkFileDecoder {
    /// A shared cost's `orders:`, the default when absent; only `shapley-sampled` samples.
    func readOrders(_ mapping: ParkMapping, _ path: FieldPath, method: CostSharingMethod?,
                    draft: inout ParkDraft) -> Int {
        guard let node = mapping.optional("orders") else { return ShapleyCostSplit.defaultOrders }
        let rule = "the budget of sampled orders is an even number from 4 to 10,000,000 (antithetic pairs)"
        var orders = ShapleyCostSplit.defaultOrders
        let even = { (n: Int) in n >= 4 && n <= 10_000_000 && n % 2 == 0 }
        if let value = inRange(integer(node, path.key("orders")), rule, even) {
            orders = value.value
        } else {
            draft.isComplete = false
        }
        if let method, method != .shapleySampled {
            diagnostics.error(.invalidChoice, at: mapping.location, path.key("orders"),
                              "orders is the budget of shapley-sampled; method \(method.rawValue) samples nothing")
            draft.isComplete = false
        }
        return orders
    }
}

extension ParkFileDecoder {
    /// `settlement:` tariff, PPA prices per generator, fees, export price, capacity charge, VAT.
    func readSettlement(_ document: ParkMapping, into draft: inout ParkDraft) {
        guard let section = optionalSection("settlement", of: document, expected: "a mapping with tariff, ppa, fees and vat_rate",
                                            keys: ParkSchema.settlementKeys, draft: &draft) else { return }
        let path = section.path
        var complete = true
        let tariff = section.required("tariff").flatMap { text($0, path.key("tariff"))?.value }
        if tariff == nil { complete = false }
        func price(_ key: String) -> Fixed6 {
            guard let node = section.optional(key) else { return .zero }
            let rule = "a price or fee is 0 to 100,000 fen per kWh"
            let value = inRange(decimal(node, path.key(key)), rule) { $0 >= .zero && $0 <= SettlementLimits.price }
            guard let value else {
                complete = false
                return .zero
            }
            return value.value
        }
        var settings = SettlementSettings(tariff: tariff ?? "", ppa: [:], exportPrice: price("export_price_fen_per_kwh"),
                                          transmissionFee: price("td_fee_fen_per_kwh"), systemFee: price("system_fee_fen_per_kwh"))
        if let node = section.optional("capacity_charge_fen_per_month") {
            let rule = "a capacity charge is a whole number of fen from 0 to 10^12"
            if let charge = inRange(integer(node, path.key("capacity_charge_fen_per_month")), rule, {
                $0 >= 0 && $0 <= SettlementLimits.capacityFen
            }) {
                settings.capacityChargeFen = Int64(charge.value)
            } else { complete = false }
        }
        if let node = section.optional("demand_charge_fen_per_kw_month") {
            let rule = "a demand charge is 0 to 100,000 fen per kW and month"
            if let price = inRange(decimal(node, path.key("demand_charge_fen_per_kw_month")), rule, {
                $0 >= .zero && $0 <= SettlementLimits.price
            }) {
                settings.demandChargeFenPerKW = price.value
            } else { complete = false }
        }
        if let node = section.optional("demand_response_fen_per_kwh") {
            let rule = "a demand-response incentive is 0 to 100,000 fen per kWh"
            if let price = inRange(decimal(node, path.key("demand_response_fen_per_kwh")), rule, {
                SettlementLimits.allows($0)
            }) {
                settings.demandResponseIncentive = price.value
            } else { complete = false }
        }
        if let node = section.optional("vat_rate") {
            if let rate = inRange(decimal(node, path.key("vat_rate")), "a VAT rate is between 0 and 1 (0.13 is 13 %)", { $0 >= .zero && $0 <= .one }) {
                settings.vatRate = rate.value
            } else { complete = false }
        }
        let known = Set(draft.generators.compactMap { $0.id?.value })
        if let list = section.required("ppa"), let entries = items(list, path.key("ppa"), expected: "a list of generator and price_fen_per_kwh") {
            for item in entries {
                guard let m = ParkMapping(item.node, at: item.path, expected: "a PPA (generator, and price_fen_per_kwh or tou_prices_fen_per_kwh)", keys: ParkSchema.ppaKeys, diagnostics: diagnostics),
                      let generator = m.required("generator").flatMap({ identifier($0, item.path.key("generator")) })
                else { complete = false; continue }
                if draft.generatorIDsComplete && !known.contains(generator.value) {
                    diagnostics.error(.unknownReference, at: generator.location, generator.path, "\(generator.value) is not a generator of the park")
                    complete = false
                }
                if settings.ppa[generator.value] != nil {
                    diagnostics.error(.duplicateID, at: generator.location, generator.path, "generator \(generator.value) has a PPA already; give one entry per generator")
                    complete = false
                    continue
                }
                if m.contains("price_fen_per_kwh") && m.contains("tou_prices_fen_per_kwh") {
                    diagnostics.error(.invalidChoice, at: m.location, item.path, "give either price_fen_per_kwh or tou_prices_fen_per_kwh, not both")
                    complete = false
                    continue
                }
                let rule = "a PPA price is 0 to 100,000 fen per kWh"
                if let shapedNode = m.optional("tou_prices_fen_per_kwh") {
                    guard let shaped = ParkMapping(shapedNode, at: item.path.key("tou_prices_fen_per_kwh"), expected: "a mapping of tariff period to fen per kWh",
                                                   keys: [], diagnostics: diagnostics, allowAnyKey: true) else { complete = false; continue }
                    var prices: [String: Fixed6] = [:]
                    for key in shaped.keys {
                        let field = item.path.key("tou_prices_fen_per_kwh").key(key)
                        guard let node = shaped.optional(key),
                              let value = inRange(decimal(node, field), rule, { SettlementLimits.allows($0) })
                        else { complete = false; continue }
                        prices[key] = value.value
                    }
                    settings.ppaByPeriod[generator.value] = prices
                    settings.ppa[generator.value] = .zero
                } else if let value = m.required("price_fen_per_kwh", hint: " (or tou_prices_fen_per_kwh)").flatMap({
                    inRange(decimal($0, item.path.key("price_fen_per_kwh")), rule) { SettlementLimits.allows($0) }
                }) {
                    settings.ppa[generator.value] = value.value
                } else {
                    complete = false
                }
            }
            if draft.generatorIDsComplete, let missing = known.sorted().first(where: { settings.ppa[$0] == nil }) {
                diagnostics.error(.missingField, at: list.location, path.key("ppa"), "generator \(missing) has no PPA price; every generator needs one")
                complete = false
            }
        } else {
            complete = false
        }
        if !readStoragePrices(section, into: &settings, draft: &draft) { complete = false }
        if complete { draft.settlement = settings } else { draft.isComplete = false }
    }
}

/// Bounds of the settlement inputs: with at most 10^15 Wh in a period
/// (``PeriodData/maximumTotalWh``), every bill line, the demand charge (5-minute demand
/// x 12 x price) and the park balance stay far inside Int64 fen.
enum SettlementLimits {
    /// Prices, fees and the demand charge: at most 100,000 fen (1,000 CNY) per kWh or kW.
    static let price = Fixed6(100_000)
    /// The monthly capacity charge: at most 10^12 fen.
    static let capacityFen = 1_000_000_000_000

    /// Whether `price` lies in 0 ... ``price``.
    static func allows(_ price: Fixed6) -> Bool { price >= .zero && price <= Self.price }
}
