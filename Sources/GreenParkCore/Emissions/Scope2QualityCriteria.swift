/// The eight Scope 2 Quality Criteria of the GHG Protocol Scope 2 Guidance (2015, ch. 7),
/// checked for one redeemed instrument (a range of a redemption statement).
///
/// 1 conveys the emission rate attribute; 2 unique claim; 3 tracked and redeemed for the
/// reporter; 4 vintage close to the consumption; 5 same market; 6 utility-specific factors;
/// 7 direct contracts convey the certificates; 8 residual mix.
public enum Scope2QualityCriteria {
    /// The result of one criterion.
    public struct Result: Sendable, Equatable {
        public var number: Int
        public var name: String
        /// `pass`, `fail`, `not-applicable` or `disclosed` (criterion 8 without a published residual mix).
        public var status: String
        public var why: String
    }

    /// What the check needs to know about the reporter and the park.
    public struct Context: Sendable {
        public var member: String
        /// The country of the member's consuming operations (the park's).
        public var country: String
        public var periodStart: Timestamp
        public var periodEnd: Timestamp
        public var residual: EmissionFactor
        /// Devices of the park (connected by the direct line).
        public var parkDevices: Set<String>
        /// Known emission rates (kg CO2/kWh) by device: the park's generators with a given
        /// rate or a technology with a known zero rate (criterion 1).
        public var deviceRates: [String: Fixed6]
        /// Criterion 2 for the statement, from its recorded hourly coverage
        /// (``UniqueClaim/check(_:statements:consumption:)``); fails until it is set.
        public var uniqueClaim = UniqueClaim.Result(pass: false, why: "not checked: no hourly coverage was given")

        public init(member: String, country: String, periodStart: Timestamp, periodEnd: Timestamp,
                    residual: EmissionFactor, parkDevices: Set<String>, deviceRates: [String: Fixed6] = [:]) {
            self.member = member
            self.country = country
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.residual = residual
            self.parkDevices = parkDevices
            self.deviceRates = deviceRates
        }
    }

    static let zeroRate = Set(Generator.Technology.allCases.filter(\.hasKnownZeroRate).map(\.rawValue))

    /// The eight results for `range`, redeemed under `statement`.
    public static func check(_ range: CertificateRange, statement: RedemptionStatement, context: Context) -> [Result] {
        var results: [Result] = []
        func add(_ name: String, _ ok: Bool?, _ why: String) {
            results.append(Result(number: results.count + 1, name: name, status: ok.map { $0 ? "pass" : "fail" } ?? "not-applicable", why: why))
        }
        // 1: the certificate conveys an emission rate only when the rate is known: given in the
        // park file for its device, or 0 for wind, solar and hydro. Never assumed 0 otherwise.
        if let rate = context.deviceRates[range.device] ?? (zeroRate.contains(range.technology) ? .zero : nil) {
            add("emission rate attribute", true,
                "\(range.technology) certificate of device \(range.device) conveys its emission rate "
                    + "(\(rate) kg CO2/kWh)")
        } else {
            add("emission rate attribute", false,
                "\(range.technology) certificate of device \(range.device) conveys no known emission rate: "
                    + "\(range.technology) has no known zero rate and the park file gives none for \(range.device) "
                    + "(emission_rate_kg_per_kwh)")
        }
        add("unique claim", context.uniqueClaim.pass, context.uniqueClaim.why)
        let forReporter = statement.beneficiary == context.member && range.status == .redeemed(statement: statement.id)
        add("redeemed for the reporter", forReporter, forReporter
            ? "retired under statement \(statement.id) for \(statement.beneficiary)"
            : "statement \(statement.id) names \(statement.beneficiary), not \(context.member)")
        let vintage = range.productionStart >= context.periodStart && range.productionEnd <= context.periodEnd
        add("vintage", vintage, vintage
            ? "produced \(range.productionStart.iso8601) to \(range.productionEnd.iso8601), within the reporting period"
            : "produced \(range.productionStart.iso8601) to \(range.productionEnd.iso8601), outside the reporting period")
        let sameMarket = range.country == context.country
        add("same market", sameMarket, sameMarket
            ? "produced in \(range.country) (region \(range.region)), where the consumption is"
            : "produced in \(range.country), but the consumption is in \(context.country)")
        add("utility-specific factor", nil, "no supplier-specific emission factor is used")
        let direct = context.parkDevices.contains(range.device)
        add("direct contract conveys certificates", direct, direct
            ? "device \(range.device) supplies the member over the park's direct line; its certificates were transferred with the energy"
            : "device \(range.device) is not connected to the park's direct line")
        let proxy = "\(context.residual.name) \(context.residual.year) (\(context.residual.kgPerKWh) kg CO2/kWh, \(context.residual.source))"
        results.append(Result(number: 8, name: "residual mix", status: "disclosed",
                              why: "China publishes no residual mix; the factor \(proxy) is used for uncovered consumption and disclosed"))
        return results
    }
}
