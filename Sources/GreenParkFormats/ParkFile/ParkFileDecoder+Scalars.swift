import Foundation
import GreenParkCore
import Yams

/// Readers of single values. Each reads the YAML scalar's text as written (never a
/// Double), reports a problem with the field path and returns `nil` on failure.
extension ParkFileDecoder {
    /// The text of a scalar; a list, mapping or null is a ``ParkFileIssueCode/wrongType``.
    func scalar(_ node: Node, _ path: FieldPath, expected: String) -> Located<String>? {
        guard case let .scalar(scalar) = node, !node.isNull else {
            diagnostics.error(.wrongType, at: node.location, path, "expected \(expected), found \(node.kindDescription)")
            return nil
        }
        return Located(value: scalar.string, path: path, location: node.location)
    }

    /// Free text that must not be empty (names, region, policy profile).
    func text(_ node: Node, _ path: FieldPath) -> Located<String>? {
        guard let text = scalar(node, path, expected: "a text") else { return nil }
        guard !text.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            diagnostics.error(.emptyValue, at: text.location, path, "must not be empty")
            return nil
        }
        return text
    }

    /// An identifier: 1 to 64 ASCII letters, digits, `-` or `_`.
    func identifier(_ node: Node, _ path: FieldPath) -> Located<String>? {
        guard let text = scalar(node, path, expected: "an identifier") else { return nil }
        guard Self.isIdentifier(text.value) else {
            diagnostics.error(.invalidID, at: text.location, path,
                              "\(quotedForMessage(text.value)) is not a valid identifier; use 1 to 64 letters, digits, '-' or '_'")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        ParkSchema.identifierLength.contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// An exact decimal with at most six fractional digits, e.g. `0.30` or `21000`.
    func decimal(_ node: Node, _ path: FieldPath) -> Located<Fixed6>? {
        guard let text = scalar(node, path, expected: "a decimal number") else { return nil }
        if let value = Fixed6(parsing: text.value) {
            return Located(value: value, path: path, location: text.location)
        }
        switch DecimalShape(text.value) {
        case .tooManyDecimals:
            diagnostics.error(.tooManyDecimals, at: text.location, path,
                              "\(text.value) has more than 6 decimal places; decimals are kept exactly to the millionth")
        case .plainDecimal:
            diagnostics.error(.outOfRange, at: text.location, path, "\(text.value) is too large")
        case .other:
            diagnostics.error(.invalidNumber, at: text.location, path,
                              "expected a decimal number such as 0.25 or 1000, found \(quotedForMessage(text.value))")
        }
        return nil
    }

    /// A whole number such as `15` (no decimal point, no exponent).
    func integer(_ node: Node, _ path: FieldPath) -> Located<Int>? {
        guard let text = scalar(node, path, expected: "a whole number") else { return nil }
        guard let value = Int(text.value.trimmingCharacters(in: .whitespaces)) else {
            diagnostics.error(.invalidNumber, at: text.location, path,
                              "expected a whole number, found \(quotedForMessage(text.value))")
            return nil
        }
        return Located(value: value, path: path, location: text.location)
    }

    /// A calendar date written `YYYY-MM-DD`.
    func date(_ node: Node, _ path: FieldPath) -> Located<CivilDate>? {
        guard let text = scalar(node, path, expected: "a date YYYY-MM-DD") else { return nil }
        guard let date = CivilDate(parsing: text.value) else {
            diagnostics.error(.invalidDate, at: text.location, path,
                              "\(quotedForMessage(text.value)) is not a valid date; write YYYY-MM-DD, e.g. 2024-06-01")
            return nil
        }
        return Located(value: date, path: path, location: text.location)
    }

    /// One of the raw values of `Choice`; the error lists the allowed values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, _ path: FieldPath) -> Choice?
    where Choice.RawValue == String {
        let allowed = Choice.allCases.map(\.rawValue)
        guard let text = scalar(node, path, expected: "one of \(allowed.joined(separator: ", "))") else { return nil }
        guard let value = Choice(rawValue: text.value) else {
            diagnostics.error(.invalidChoice, at: text.location, path,
                              "\(quotedForMessage(text.value)) is not allowed; allowed values: \(allowed.joined(separator: ", "))"
                                  + NameSuggestion.hint(for: text.value, among: allowed))
            return nil
        }
        return value
    }

    /// `value` when `isAllowed`, else reports ``ParkFileIssueCode/outOfRange`` with
    /// `rule` (e.g. `must be greater than 0`) and returns `nil`.
    func inRange<Value>(_ value: Located<Value>?, _ rule: String, _ isAllowed: (Value) -> Bool) -> Located<Value>? {
        guard let value else { return nil }
        guard isAllowed(value.value) else {
            diagnostics.error(.outOfRange, at: value.location, value.path, "\(value.value) is out of range; \(rule)")
            return nil
        }
        return value
    }
}

/// Why a text was not accepted as a ``Fixed6``.
private enum DecimalShape {
    /// A plain decimal with more than six fractional digits.
    case tooManyDecimals
    /// A plain decimal that still failed: it overflows.
    case plainDecimal
    /// Not a plain decimal at all (letters, exponent, several points, ...).
    case other

    init(_ raw: String) {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { $0.allSatisfy { ("0"..."9").contains($0) } }
        guard digits, !text.isEmpty, text != "." else { self = .other; return }
        self = parts.count == 2 && parts[1].count > 6 ? .tooManyDecimals : .plainDecimal
    }
}
