/// HTML text helpers shared by every page GreenPark writes.
public enum HTML {
    /// Escapes `&`, `<`, `>` and `"` for text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Wh as MWh with exactly three decimals and thousands separators: `1,234.567`.
    public static func mwh(_ wh: Int64) -> String { grouped(wh, decimals: 3, per: 1_000) }

    /// Grams as tonnes with three decimals (kilogram precision), rounded half up.
    public static func tonnes(_ grams: Int64) -> String { grouped((grams + 500) / 1_000, decimals: 3, per: 1) }

    /// Fen as yuan with two decimals and thousands separators: `123456` as `1,234.56`.
    public static func yuan(_ fen: Int64) -> String { grouped(fen, decimals: 2, per: 1) }

    /// `value / (10^decimals * per)` rounded down to `decimals` places, grouped by thousands.
    static func grouped(_ value: Int64, decimals: Int, per: Int64) -> String {
        let units = value / per
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        var whole = String(magnitude / UInt64(scale))
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        guard decimals > 0 else { return sign + groups.joined(separator: ",") }
        let fraction = String(magnitude % UInt64(scale))
        return sign + groups.joined(separator: ",") + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
