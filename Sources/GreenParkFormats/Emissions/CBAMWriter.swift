import GreenParkCore

/// `cbam.json`, `cbam.csv` and `cbam.xml`: per installation and good, production,
/// electricity (MWh, MWh/t), the green (direct technical connection) and grid parts with
/// their factors and sources, indirect emissions, SEE direct and indirect, and whether the
/// indirect emissions count in the obligation. The XML's element names follow the EU
/// "communication template for installations" (mapping in docs/cbam.md).
public struct CBAMWriter: Sendable {
    public var parkId: String
    public var period: String
    public var from: Timestamp
    public var to: Timestamp
    public var gridFactor: EmissionFactor
    public var results: [CBAMCalculator.InstallationResult]
    public var operators: [String: String]

    public init(park: Park, period: String, from: Timestamp, to: Timestamp, gridFactor: EmissionFactor, results: [CBAMCalculator.InstallationResult]) {
        parkId = park.settings.id
        self.period = period
        self.from = from
        self.to = to
        self.gridFactor = gridFactor
        self.results = results
        operators = Dictionary(uniqueKeysWithValues: park.members.map { ($0.id, $0.name) })
    }

    static let greenSource = "direct technical connection"
    static let gridSource = "grid default"

    /// Wh as MWh, exactly (six decimals).
    public static func mwh(_ wh: Int64) -> String { JSONText.decimal(wh, places: 6) }
    /// Grams as tonnes, exactly (six decimals).
    public static func tonnes(_ grams: Int64) -> String { JSONText.decimal(grams, places: 6) }
    /// A ratio with six decimals, rounded half up; empty when the denominator is 0.
    public static func ratio(_ r: Ratio) -> String {
        guard r.denominator > 0 else { return "" }
        let (q, rest) = ExactArithmetic.mulDiv(r.numerator, Fixed6.scale, r.denominator)
        return JSONText.decimal(rest * 2 >= r.denominator ? q + 1 : q, places: 6)
    }
    var factorText: String { JSONText.decimal(gridFactor.kgPerKWh.millionths, places: 6) }

    public func json() -> String {
        func number(_ text: String) -> JSONText { text.isEmpty ? .string("n/a") : .number(text) }
        let installations: [JSONText] = results.map { r in
            .object([
                ("id", .string(r.installation.id)), ("name", .string(r.installation.name)), ("address", .string(r.installation.address)),
                ("unlocode", .string(r.installation.unlocode)), ("member", .string(r.member)),
                ("electricity_mwh", .number(Self.mwh(r.electricityWh))), ("green_mwh", .number(Self.mwh(r.greenWh))),
                ("grid_mwh", .number(Self.mwh(r.gridWh))), ("indirect_emissions_t", .number(Self.tonnes(r.indirectGrams))),
                ("goods", .array(r.goods.map { g in
                    .object([
                        ("cn_code", .string(g.cnCode)), ("category", .string(g.category.rawValue)),
                        ("period_start", .string(g.start.iso8601)), ("period_end", .string(g.end.iso8601)),
                        ("production_t", .number(Self.tonnes(g.productionT.millionths))),
                        ("direct_emissions_t", .number(Self.tonnes(g.directEmissionsT.millionths))),
                        ("electricity_mwh", .number(Self.mwh(g.electricityWh))),
                        ("specific_electricity_mwh_per_t", number(Self.ratio(g.specificElectricity))),
                        ("green_mwh", .number(Self.mwh(g.greenWh))), ("green_factor_source", .string(Self.greenSource)),
                        ("green_ef_t_per_mwh", .number("0.000000")),
                        ("grid_mwh", .number(Self.mwh(g.gridWh))), ("grid_factor_source", .string(Self.gridSource)),
                        ("grid_ef_t_per_mwh", .number(factorText)),
                        ("ef_el_t_per_mwh", number(Self.ratio(g.electricityFactor))),
                        ("indirect_emissions_t", .number(Self.tonnes(g.indirectGrams))),
                        ("see_direct", number(Self.ratio(g.seeDirect))), ("see_indirect", number(Self.ratio(g.seeIndirect))),
                        ("indirect_in_obligation", .bool(g.indirectInObligation)), ("obligation_basis", .string(g.obligationBasis)),
                    ])
                })),
            ])
        }
        return JSONText.object([
            ("park", .string(parkId)), ("period", .string(period)), ("from", .string(from.iso8601)), ("to", .string(to.iso8601)),
            ("grid_factor", .object([
                ("year", .integer(Int64(gridFactor.year))), ("name", .string(gridFactor.name)),
                ("t_per_mwh", .number(factorText)), ("source", .string(gridFactor.source)),
            ])),
            ("installations", .array(installations)),
        ]).render() + "\n"
    }

    public static let csvHeader = "installation_id,installation_name,member_id,unlocode,cn_code,category,period_start,period_end,production_t,direct_emissions_t,electricity_mwh,specific_electricity_mwh_per_t,green_mwh,green_factor_source,grid_mwh,grid_factor_source,grid_ef_t_per_mwh,ef_el_t_per_mwh,indirect_emissions_t,see_direct,see_indirect,indirect_in_obligation"

    public func csv() -> String {
        var out = Self.csvHeader + "\n"
        for r in results {
            for g in r.goods {
                out += [r.installation.id, CSVField.quoted(r.installation.name), r.member, r.installation.unlocode, g.cnCode, g.category.rawValue,
                        g.start.iso8601, g.end.iso8601, Self.tonnes(g.productionT.millionths), Self.tonnes(g.directEmissionsT.millionths),
                        Self.mwh(g.electricityWh), Self.ratio(g.specificElectricity), Self.mwh(g.greenWh), Self.greenSource,
                        Self.mwh(g.gridWh), Self.gridSource, factorText, Self.ratio(g.electricityFactor), Self.tonnes(g.indirectGrams),
                        Self.ratio(g.seeDirect), Self.ratio(g.seeIndirect), g.indirectInObligation ? "true" : "false"].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public func xml() -> String {
        func e(_ name: String, _ value: String, unit: String? = nil) -> String {
            "<\(name)\(unit.map { " unit=\"\($0)\"" } ?? "")>\(HTML.escape(value))</\(name)>"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<CBAMInstallationCommunication generator=\"GreenPark\" template=\"EU CBAM communication template for installations\">\n"
        out += "  <ReportingPeriod>\(e("StartDate", from.iso8601))\(e("EndDate", to.iso8601))\(e("Label", period))</ReportingPeriod>\n"
        for r in results {
            out += "  <Installation>\n"
            out += "    \(e("InstallationIdentifier", r.installation.id))\(e("InstallationName", r.installation.name))\(e("OperatorName", operators[r.member] ?? r.member))\n"
            out += "    <Address>\(e("StreetAndNumber", r.installation.address))\(e("UNLOCODE", r.installation.unlocode))\(e("Country", String(r.installation.unlocode.prefix(2))))</Address>\n"
            for g in r.goods {
                out += "    <Good>\n"
                out += "      \(e("AggregatedGoodsCategory", g.category.rawValue))\(e("CNCode", g.cnCode))\(e("PeriodStart", g.start.iso8601))\(e("PeriodEnd", g.end.iso8601))\n"
                out += "      \(e("ProductionLevel", Self.tonnes(g.productionT.millionths), unit: "t"))\(e("DirectEmissions", Self.tonnes(g.directEmissionsT.millionths), unit: "tCO2e"))\n"
                out += "      \(e("ElectricityConsumption", Self.mwh(g.electricityWh), unit: "MWh"))\(e("SpecificElectricityConsumption", Self.ratio(g.specificElectricity), unit: "MWh/t"))\n"
                out += "      <ElectricitySource>\(e("SourceOfEmissionFactor", Self.greenSource))\(e("Quantity", Self.mwh(g.greenWh), unit: "MWh"))\(e("EmissionFactor", "0.000000", unit: "tCO2/MWh"))</ElectricitySource>\n"
                out += "      <ElectricitySource>\(e("SourceOfEmissionFactor", Self.gridSource))\(e("Quantity", Self.mwh(g.gridWh), unit: "MWh"))\(e("EmissionFactor", factorText, unit: "tCO2/MWh"))\(e("EmissionFactorReference", gridFactor.source))</ElectricitySource>\n"
                out += "      \(e("ElectricityEmissionFactor", Self.ratio(g.electricityFactor), unit: "tCO2/MWh"))\(e("IndirectEmissions", Self.tonnes(g.indirectGrams), unit: "tCO2e"))\n"
                out += "      \(e("SpecificDirectEmbeddedEmissions", Self.ratio(g.seeDirect), unit: "tCO2e/t"))\(e("SpecificIndirectEmbeddedEmissions", Self.ratio(g.seeIndirect), unit: "tCO2e/t"))\n"
                out += "      \(e("IndirectEmissionsInObligation", g.indirectInObligation ? "true" : "false"))\(e("ObligationBasis", g.obligationBasis))\n"
                out += "    </Good>\n"
            }
            out += "  </Installation>\n"
        }
        return out + "</CBAMInstallationCommunication>\n"
    }
}
