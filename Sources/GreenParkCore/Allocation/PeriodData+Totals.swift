extension PeriodData {
    /// The most energy a period may hold, all meters together: 10^15 Wh (1,000 TWh, more
    /// than any park meters in decades). Every sum GreenPark forms from a period — totals,
    /// hours, grams at up to ``EmissionFactor/maximumKgPerKWh``, fen at up to 10^6 fen per
    /// kWh — then fits in Int64, so no computation downstream can overflow.
    public static let maximumTotalWh: Int64 = 1_000_000_000_000_000

    /// Checks that every value is 0 or more and that the period's consumption, generation
    /// and storage charge and discharge add up to at most ``maximumTotalWh``; throws ``ImplausibleEnergy``
    /// (bad input) otherwise.
    public func checkTotals() throws {
        var total: Int64 = 0
        for values in [problem.consumption, problem.generation, storage?.charge ?? [], storage?.discharge ?? []] {
            for value in values {
                let (next, overflow) = total.addingReportingOverflow(value)
                guard value >= 0, !overflow, next <= Self.maximumTotalWh else {
                    throw ImplausibleEnergy(from: from, to: to, negative: value < 0)
                }
                total = next
            }
        }
    }
}

/// The readings of a period are negative or add up to more than any park meters.
public struct ImplausibleEnergy: GreenParkError {
    public var from: Timestamp
    public var to: Timestamp
    public var negative: Bool
    public var code: String { "allocation.implausible-energy" }

    public var message: String {
        negative
            ? "the readings of \(from) to \(to) hold a negative value; energy is 0 or more"
            : "the readings of \(from) to \(to) add up to more than 10^15 Wh (1,000 TWh), beyond any park; "
                + "GreenPark refuses them so that no sum overflows: check the units of the imported files"
    }
}
