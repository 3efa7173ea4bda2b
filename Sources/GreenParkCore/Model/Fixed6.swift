/// An exact decimal with six fractional digits, stored as an integer count of millionths.
///
/// Shares, weights and capacities in the park file are decimals. GreenPark never routes
/// them through binary floating point: `0.3` is exactly `300_000` millionths, so every
/// `floor()` computed from it is reproducible by a verifier (DOMAIN.md 3).
public struct Fixed6: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value times one million.
    public var millionths: Int64

    /// One million: the scale of ``millionths``.
    public static let scale: Int64 = 1_000_000

    public init(millionths: Int64) { self.millionths = millionths }

    /// A whole number.
    public init(_ whole: Int64) { self.millionths = whole * Self.scale }

    public static let zero = Fixed6(millionths: 0)
    public static let one = Fixed6(millionths: scale)

    /// Parses a plain decimal such as `0.30`, `-2`, `1e3` is not accepted.
    ///
    /// Returns `nil` when the text is not a decimal, has more than six fractional
    /// digits (which cannot be represented exactly), or overflows: the largest value is
    /// `9223372036854.775807` (Int64.max millionths); parsing never traps.
    public init?(parsing text: String) {
        var digits = Substring(text.trimmingSpaces)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        else if digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !(wholeText.isEmpty && parts.count == 1) else { return nil }
        let fractionText = parts.count == 2 ? parts[1] : ""
        guard !(wholeText.isEmpty && fractionText.isEmpty),
              wholeText.allSatisfy(\.isASCIIDigit), fractionText.allSatisfy(\.isASCIIDigit),
              fractionText.count <= 6 else { return nil }
        var value: Int64 = 0
        for character in wholeText {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(character.asciiValue! - 48))
            if o1 || o2 { return nil }
            value = plus
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: Self.scale)
        if overflow { return nil }
        var fraction: Int64 = 0
        var place = Self.scale / 10
        for character in fractionText {
            fraction += Int64(character.asciiValue! - 48) * place
            place /= 10
        }
        // `9223372036854.9`: the whole part fits, the sum with its fraction does not.
        let (magnitude, sumOverflow) = scaled.addingReportingOverflow(fraction)
        if sumOverflow { return nil }
        self.millionths = negative ? -magnitude : magnitude
    }

    public static func < (lhs: Fixed6, rhs: Fixed6) -> Bool { lhs.millionths < rhs.millionths }
    /// The sum; traps on overflow like `Int64`'s `+`, so sum input values with
    /// ``adding(_:)`` instead.
    public static func + (lhs: Fixed6, rhs: Fixed6) -> Fixed6 { Fixed6(millionths: lhs.millionths + rhs.millionths) }

    /// The sum, or `nil` when it does not fit (values read from a file may be that large).
    public func adding(_ other: Fixed6) -> Fixed6? {
        let (sum, overflow) = millionths.addingReportingOverflow(other.millionths)
        return overflow ? nil : Fixed6(millionths: sum)
    }

    /// The shortest exact decimal text, e.g. `0.3`, `2`, `-1.25`.
    public var description: String {
        let sign = millionths < 0 ? "-" : ""
        let magnitude = millionths.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = magnitude % UInt64(Self.scale)
        if fraction == 0 { return "\(sign)\(whole)" }
        var width = 6
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        let text = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: width - text.count) + text
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let trimmed = drop(while: { $0 == " " || $0 == "\t" })
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)] == " " || trimmed[trimmed.index(before: end)] == "\t" {
            end = trimmed.index(before: end)
        }
        return Substring(trimmed[trimmed.startIndex..<end])
    }
}
