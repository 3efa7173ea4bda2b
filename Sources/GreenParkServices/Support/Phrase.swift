/// Numbers in messages: `1,234,567`, `1 row`, `2,000 rows`.
public enum Phrase {
    public static func grouped(_ value: some BinaryInteger) -> String {
        let text = String(value.magnitude)
        var out = ""
        for (i, c) in text.enumerated() {
            if i > 0 && (text.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}
