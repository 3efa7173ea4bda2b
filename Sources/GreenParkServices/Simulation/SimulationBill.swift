import GreenParkCore

/// A member's energy bill in a what-if, in fen (docs/schedules.md), priced as
/// `greenpark settle` prices it (docs/settlement.md): grid import at the tariff's price of
/// each TOU period, green energy at its generator's PPA price plus the transmission and
/// system fees, energy from a storage device at its price (`storage_prices`; a device the
/// what-if adds, or one without a price, at the generators' flat PPA prices averaged by
/// capacity: 0 when every PPA is shaped; from a device the member owns, 0). Each line
/// `Wh x fen/kWh / 1000` rounded half to even (DOMAIN.md 6). Capacity and demand charges,
/// shared costs and VAT do not change with a schedule and are left out.
/// Unlike settle, a time-of-use shaped PPA is priced at the plain mean of its period prices
/// (the what-if's lines keep no period).
public enum SimulationBill {
    /// Member `member`'s bill of `lines` (Wh per line of ``SimulationFigures/Member``), nil
    /// without prices; energy from a device the member owns is its own (0).
    public static func fen(member: String, lines: [String: Int64], park: Park, tariff: Tariff?) -> Int64? {
        guard let settings = park.settlement, let tariff else { return nil }
        let fees = settings.transmissionFee.millionths + settings.systemFee.millionths
        var total: Int64 = 0
        for (line, wh) in lines {
            let price: Int64
            if line.hasPrefix("grid:") {
                price = tariff.prices[String(line.dropFirst(5))]?.millionths ?? 0
            } else if line.hasPrefix("green:") {
                price = ppaPrice(String(line.dropFirst(6)), settings).millionths + fees
            } else {
                let device = String(line.dropFirst(8))
                let owned = park.storage.first { $0.id == device }?.owner == .member(member)
                price = owned ? 0 : settings.storagePrice(device: device, generators: park.generators).millionths
            }
            total += Rounding.mulDivHalfEven(wh, price, 1_000_000_000)
        }
        return total
    }

    /// Generator `id`'s flat PPA price, or the mean of its shaped prices (half to even).
    static func ppaPrice(_ id: String, _ settings: SettlementSettings) -> Fixed6 {
        guard let shaped = settings.ppaByPeriod[id], !shaped.isEmpty else { return settings.ppa[id] ?? .zero }
        let sum = shaped.values.reduce(0) { $0 + $1.millionths }
        return Fixed6(millionths: Rounding.mulDivHalfEven(sum, 1, Int64(shaped.count)))
    }
}
