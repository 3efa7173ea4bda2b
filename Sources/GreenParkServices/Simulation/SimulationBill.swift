import GreenParkCore

/// A member's energy bill in a what-if, in fen (docs/schedules.md): grid import at the
/// tariff's price of each TOU period, green energy at its generator's PPA price, energy
/// from storage at the generators' PPA prices averaged by capacity (what the park paid for
/// the energy it stored; a what-if has no storage tariff), and the transmission and system
/// fees on green and stored energy. Each line `Wh x fen/kWh / 1000` rounded half to even
/// (DOMAIN.md 6). Capacity and demand charges, shared costs and VAT do not change with a
/// schedule and are left out; time-of-use shaped PPA prices are taken at the flat `ppa`.
public enum SimulationBill {
    /// The bill of `lines` (Wh per line of ``SimulationFigures/Member``), nil without prices.
    public static func fen(lines: [String: Int64], park: Park, tariff: Tariff?) -> Int64? {
        guard let settings = park.settlement, let tariff else { return nil }
        let fees = settings.transmissionFee.millionths + settings.systemFee.millionths
        var total: Int64 = 0
        for (line, wh) in lines {
            let price: Int64
            if line.hasPrefix("grid:") {
                price = tariff.prices[String(line.dropFirst(5))]?.millionths ?? 0
            } else if line.hasPrefix("green:") {
                price = (settings.ppa[String(line.dropFirst(6))]?.millionths ?? 0) + fees
            } else {
                price = storagePrice(park: park, settings: settings).millionths + fees
            }
            total += Rounding.mulDivHalfEven(wh, price, 1_000_000_000)
        }
        return total
    }

    /// The generators' PPA prices averaged by capacity, fen/kWh (millionths, half to even).
    public static func storagePrice(park: Park, settings: SettlementSettings) -> Fixed6 {
        var priced: Int64 = 0, capacity: Int64 = 0
        for generator in park.generators {
            let kw = (generator.capacityKW.millionths + 999_999) / 1_000_000
            priced += (settings.ppa[generator.id]?.millionths ?? 0) * kw
            capacity += kw
        }
        return capacity > 0 ? Fixed6(millionths: Rounding.mulDivHalfEven(priced, 1, capacity)) : .zero
    }
}
