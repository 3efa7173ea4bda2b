import GreenParkCore

/// A member's energy bill in a what-if, in fen (docs/schedules.md), priced as
/// `greenpark settle` prices it (docs/settlement.md): grid import at the tariff's price of
/// each TOU period, green energy at its generator's PPA price plus the transmission and
/// system fees, energy from a storage device at its price (`storage_prices`; a device the
/// what-if adds, or one without a price, at the generators' PPA prices averaged by
/// capacity). Each line `Wh x fen/kWh / 1000` rounded half to even (DOMAIN.md 6). Capacity
/// and demand charges, shared costs and VAT do not change with a schedule and are left out;
/// time-of-use shaped PPA prices are taken at the flat `ppa`.
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
                price = settings.storagePrice(device: String(line.dropFirst(8)), generators: park.generators).millionths
            }
            total += Rounding.mulDivHalfEven(wh, price, 1_000_000_000)
        }
        return total
    }
}
