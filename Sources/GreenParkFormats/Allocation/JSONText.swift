/// A small JSON writer with a fixed key order and exact number text: integers as they
/// are, ratios with six decimals, kilograms with three (exact grams). Output is stable
/// byte for byte, so verifiers and tests can compare files.
indirect enum JSONText {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    case integer(Int64)
    case bool(Bool)
    /// Already-formatted number text.
    case number(String)

    /// A ratio rounded to six decimals.
    static func ratio(_ value: Double) -> JSONText {
        let scaled = (value * 1_000_000).rounded()
        return .number(decimal(Int64(scaled), places: 6))
    }

    /// Grams as kilograms with three decimals, exactly.
    static func kilograms(fromGrams grams: Int64) -> JSONText { .number(decimal(grams, places: 3)) }

    static func decimal(_ value: Int64, places: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let fraction = String(magnitude % scale)
        return "\(sign)\(magnitude / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    func render(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { "\(inner)\(JSONText.quote($0.0)): \($0.1.render(indent: inner))" }.joined(separator: ",\n") + "\n\(indent)}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.render(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .string(let text): return JSONText.quote(text)
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

import Foundation
