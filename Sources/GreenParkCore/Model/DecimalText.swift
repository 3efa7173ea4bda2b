/// Exact decimal text of integer amounts kept in thousandths (Wh shown as kWh, grams as kg).
public enum DecimalText {
    /// `value / 1000` with three decimals, exactly: 1250 as "1.250", -5 as "-0.005".
    public static func thousandths(_ value: Int64) -> String {
        let magnitude = value.magnitude, sign = value < 0 ? "-" : ""
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
