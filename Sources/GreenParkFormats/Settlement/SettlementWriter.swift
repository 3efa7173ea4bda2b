import Foundation
import GreenParkCore

/// The files of a settlement: `settlement.json` (what is stored), `settlement.csv`, the
/// invoices (JSON and printable HTML in English or Chinese), generator statements, and the
/// difference report against an earlier final version.
public struct SettlementWriter: Sendable {
    public var park: Park
    public var settlement: Settlement
    public var month: String
    public var tariff: Tariff
    public var settings: SettlementSettings
    /// The checks the settlement passed (``Settlement/checks(data:sharedCosts:)``).
    public var checks: [SettlementCheck]
    /// The members' delivered flexibility in the period's demand-response events (credited).
    public var demandResponse: [DeliveredFlexibility] = []

    public init(park: Park, settlement: Settlement, month: String, tariff: Tariff, settings: SettlementSettings,
                checks: [SettlementCheck] = []) {
        self.park = park
        self.settlement = settlement
        self.month = month
        self.tariff = tariff
        self.settings = settings
        self.checks = checks
    }

    static func line(_ l: Settlement.Line) -> JSONText {
        .object([("kind", .string(l.kind.rawValue)), ("item", .string(l.item)), ("energy_wh", l.energyWh.map { .integer($0) } ?? .string("")),
                 ("price_fen_per_kwh", l.priceFenPerKWh.map { .number($0.description) } ?? .string("")), ("amount_fen", .integer(l.amountFen))])
    }

    /// The settlement as stored and compared between versions.
    public func json() -> String {
        let s = settlement
        var balance: [(String, JSONText)] = [("grid_company_fen", .integer(s.gridCompanyFen)),
                                             ("shared_costs_fen", .integer(s.sharedCostsFen)),
                                             ("vat_fen", .integer(s.vatFen))]
        if !demandResponse.isEmpty { balance.append(("demand_response_fen", .integer(s.demandResponseFen))) }
        balance += [("money_in_fen", .integer(s.moneyInFen)), ("money_out_fen", .integer(s.moneyOutFen))]
        return JSONText.object([
            ("park", .string(park.settings.id)), ("month", .string(month)), ("from", .string(s.from.iso8601)), ("to", .string(s.to.iso8601)),
            ("members", .array(s.bills.map { b in
                .object([("id", .string(b.member)), ("lines", .array(b.lines.map(Self.line))), ("net_fen", .integer(b.netFen)),
                         ("vat_fen", .integer(b.vatFen)), ("total_fen", .integer(b.totalFen))])
            })),
            // The storage devices' statements follow the generators' here, marked by "type".
            ("generators", .array(s.statements.map { st in
                .object((isDevice(st.generator) ? [("type", JSONText.string("storage"))] : [])
                        + [("id", .string(st.generator)), ("lines", .array(st.lines.map(Self.line))),
                           ("total_fen", .integer(st.totalFen))])
            })),
            ("balance", .object(balance)),
        ] + (demandResponse.isEmpty ? [] : [("demand_response", flexibilityJSON())]) + [
            ("intervals", .integer(Int64(s.intervals))), ("skipped_intervals", .integer(Int64(s.skippedIntervals))),
            ("skipped_share", JSONText.ratio(Ratio(Int64(s.skippedIntervals), Int64(s.intervals)).value)),
            ("checks", .array(checks.map { c in
                .object([("id", .string(c.id)), ("party", .string(c.party)), ("expected", .integer(c.expected)),
                         ("actual", .integer(c.actual)), ("unit", .string(c.unit)), ("pass", .bool(c.passes))])
            })),
        ]).render() + "\n"
    }

    /// The tariff and prices the run used, stored with it.
    public func snapshot() -> String {
        var fields: [(String, JSONText)] = [
            ("tariff", .object([("id", .string(tariff.id)), ("name", .string(tariff.name)), ("version", .string(tariff.version)), ("source", .string(tariff.source)),
                                ("prices_fen_per_kwh", .object(tariff.prices.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value.description)) })),
                                ("seasons", .array(tariff.seasons.map { season in
                                    .object([("months", .array(season.months.sorted().map { .integer(Int64($0)) })),
                                             ("windows", .array(season.windows.map { .object([("from", .integer(Int64($0.startMinute))), ("to", .integer(Int64($0.endMinute))), ("period", .string($0.period))]) }))])
                                }))])),
            ("ppa_fen_per_kwh", .object(settings.ppa.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value.description)) })),
            ("export_price_fen_per_kwh", .number(settings.exportPrice.description)), ("td_fee_fen_per_kwh", .number(settings.transmissionFee.description)),
            ("system_fee_fen_per_kwh", .number(settings.systemFee.description)), ("capacity_charge_fen_per_month", .integer(settings.capacityChargeFen)),
            ("vat_rate", .number(settings.vatRate.description)),
        ]
        if let incentive = settings.demandResponseIncentive {
            fields.append(("demand_response_fen_per_kwh", .number(incentive.description)))
        }
        if !park.storage.isEmpty {
            let prices: [(String, JSONText)] = park.storage.map {
                ($0.id, .number(settings.storagePrice(device: $0.id, generators: park.generators).description))
            }
            fields.append(("storage_prices_fen_per_kwh", .object(prices)))
        }
        fields.append(("shared_costs", .array(park.sharedCosts.map {
            .object([("id", .string($0.id)), ("annual_cost_fen", .integer($0.annualCostFen)),
                     ("method", .string($0.method.rawValue))])
        })))
        return JSONText.object(fields).render() + "\n"
    }

    /// Whether `party` is one of the park's storage devices (its statement follows the generators').
    func isDevice(_ party: String) -> Bool { park.storage.contains { $0.id == party } }

    public static let csvHeader = "month,party_type,party,kind,item,energy_wh,price_fen_per_kwh,amount_fen"

    /// Every line of every bill (with net, VAT and total) and statement.
    public func csv() -> String { Self.csvHeader + "\n" + csvRows() }

    /// The rows without the header, each starting with the billing month.
    public func csvRows() -> String {
        var out = ""
        func row(_ type: String, _ party: String, _ kind: String, _ item: String, _ energy: String, _ price: String, _ amount: Int64) {
            out += "\(month),\(type),\(party),\(kind),\(item),\(energy),\(price),\(amount)\n"
        }
        for b in settlement.bills {
            for l in b.lines { row("member", b.member, l.kind.rawValue, l.item, l.energyWh.map(String.init) ?? "", l.priceFenPerKWh?.description ?? "", l.amountFen) }
            row("member", b.member, "net", "", "", "", b.netFen)
            row("member", b.member, "vat", settings.vatRate.description, "", "", b.vatFen)
            row("member", b.member, "total", "", "", "", b.totalFen)
        }
        for st in settlement.statements {
            let type = isDevice(st.generator) ? "storage" : "generator"
            for l in st.lines {
                row(type, st.generator, l.kind.rawValue, l.item, l.energyWh.map(String.init) ?? "",
                    l.priceFenPerKWh?.description ?? "", l.amountFen)
            }
            row(type, st.generator, "total", "", "", "", st.totalFen)
        }
        return out
    }

    /// Differences of every line (energy and amount) and total of the bills and the
    /// generator statements against an earlier version's JSON.
    public func difference(from previous: String, version: Int) -> String {
        func values(_ json: String) -> [String: String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
            var result: [String: String] = [:]
            for (group, label) in [("members", "member"), ("generators", "generator")] {
                for party in object[group] as? [[String: Any]] ?? [] {
                    let id = party["id"] as? String ?? ""
                    let type = party["type"] as? String ?? label
                    for line in party["lines"] as? [[String: Any]] ?? [] {
                        let energy = (line["energy_wh"] as? NSNumber).map { "\($0) Wh, " } ?? ""
                        let price = (line["price_fen_per_kwh"] as? NSNumber).map { "at \($0), " } ?? ""
                        let key = "\(type) \(id) \(line["kind"] as? String ?? "") \(line["item"] as? String ?? "")"
                        result[key] = "\(energy)\(price)\((line["amount_fen"] as? NSNumber)?.int64Value ?? 0) fen"
                    }
                    for key in ["net_fen", "vat_fen", "total_fen"] where party[key] != nil {
                        result["\(type) \(id) \(key)"] = "\((party[key] as? NSNumber)?.int64Value ?? 0) fen"
                    }
                }
            }
            return result
        }
        let old = values(previous), new = values(json())
        var lines = ["Differences against version \(version):"]
        for key in Set(old.keys).union(new.keys).sorted() where old[key] != new[key] {
            lines.append("  \(key): \(old[key] ?? "-") -> \(new[key] ?? "-")")
        }
        if lines.count == 1 { lines.append("  none: the same lines and amounts") }
        return lines.joined(separator: "\n") + "\n"
    }
}
