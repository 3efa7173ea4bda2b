/// An OpenADR duration (ISO 8601, the document's `duration` pattern) in seconds, for the
/// fixed-length units only: weeks, days, hours, minutes and whole seconds (`PT15M`, `P1D`,
/// `-PT1H`). Years and months have no fixed length and give nil, as does anything else.
public enum DemandResponseDuration {
    public static func seconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        var sign: Int64 = 1
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        }
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var total: Int64 = 0
        var inTime = false
        var digits = ""
        var sawUnit = false
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            if character == "T" {
                guard !inTime, digits.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let value = Int64(digits), value <= 1_000_000_000 else { return nil }
            digits = ""
            let unit: Int64? = switch (inTime, character) {
            case (false, "W"): 604_800
            case (false, "D"): 86_400
            case (true, "H"): 3_600
            case (true, "M"): 60
            case (true, "S"): 1
            default: nil
            }
            guard let unit else { return nil }
            total += value * unit
            sawUnit = true
        }
        return digits.isEmpty && sawUnit ? sign * total : nil
    }

    /// `seconds` as the shortest ISO 8601 duration (`PT15M`, `PT1H30M`, `P1D`; `PT0S` for zero).
    public static func text(_ seconds: Int64) -> String {
        guard seconds != 0 else { return "PT0S" }
        var rest = abs(seconds)
        var text = seconds < 0 ? "-P" : "P"
        if rest >= 86_400 {
            text += "\(rest / 86_400)D"
            rest %= 86_400
        }
        guard rest > 0 else { return text }
        text += "T"
        for (unit, letter) in [(Int64(3_600), "H"), (60, "M"), (1, "S")] where rest >= unit {
            text += "\(rest / unit)\(letter)"
            rest %= unit
        }
        return text
    }
}
