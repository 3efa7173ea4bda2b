/// The emission rates of a park's generators for their direct-line supply and their
/// certificates (DOMAIN.md 5: direct-line supply takes the generator's rate): the rate the
/// park file gives, else 0 for wind, solar and hydro. A technology without a known zero
/// rate (biomass) is never counted as 0: without a given rate the lookup fails with
/// ``UnknownEmissionRate`` (the park file check refuses such a generator first).
public enum DirectRates {
    /// Each generator's rate in millionths of a g/Wh (= of a kg/kWh), in park order;
    /// empty when every rate is 0 (wind, solar and hydro only), so that callers skip the work.
    public static func millionths(_ park: Park) throws -> [Int64] {
        let rates = try park.generators.map { generator -> Int64 in
            guard let rate = generator.directRate else { throw UnknownEmissionRate(generator: generator) }
            return rate.millionths
        }
        return rates.contains { $0 != 0 } ? rates : []
    }

    /// The known rates by device id (generators without a known rate are left out).
    public static func byDevice(_ park: Park) -> [String: Fixed6] {
        var rates: [String: Fixed6] = [:]
        for generator in park.generators { if let rate = generator.directRate { rates[generator.id] = rate } }
        return rates
    }
}

/// A generator whose technology has no known zero emission rate, without a given rate.
public struct UnknownEmissionRate: GreenParkError {
    public var generator: Generator
    public var code: String { "emissions.unknown-rate" }
    public var message: String {
        "generator \(generator.id) (\(generator.technology.rawValue)) has no known zero emission rate "
            + "and no emission_rate_kg_per_kwh "
            + "in the park file; GreenPark does not count its energy as 0 g CO2/kWh: give the plant's rate"
    }
}
