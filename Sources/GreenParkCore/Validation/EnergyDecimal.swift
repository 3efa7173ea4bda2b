/// Decimal energy text to integer watt-hours (DOMAIN.md 2, normative).
///
/// The rule: the value is read exactly as a decimal, scaled to Wh by its unit, and when
/// it has more decimals than a Wh it is rounded half-to-even to the Wh. `12.3455` kWh is
/// 12,345.5 Wh and becomes 12,346 Wh; `12.3445` kWh becomes 12,344 Wh. No binary floating
/// point is involved, so a verifier gets the same integer.
public enum EnergyDecimal {
    /// The units energy columns may use.
    public enum Unit: Int, Sendable, CaseIterable {
        case wh = 0
        case kwh = 3
        case mwh = 6

        /// Powers of ten from Wh: 0, 3 or 6.
        public var exponent: Int { rawValue }

        public var columnSuffix: String {
            switch self {
            case .wh: "wh"
            case .kwh: "kwh"
            case .mwh: "mwh"
            }
        }
    }

    /// Why a value was not accepted.
    public enum Failure: Error, Sendable, Equatable {
        case notANumber
        case negative
        case tooLarge
    }

    /// The parsed value and whether rounding changed it.
    public struct Value: Sendable, Equatable {
        public var wh: Int64
        public var rounded: Bool

        public init(wh: Int64, rounded: Bool) {
            self.wh = wh
            self.rounded = rounded
        }
    }

    /// The largest value accepted for one interval: 10^11 Wh (100 GWh, a 400 GW average
    /// over 15 minutes, beyond any plant or factory). It keeps every sum GreenPark forms —
    /// a year of intervals of a thousand meters — far inside Int64.
    public static let maximumWh: Int64 = 100_000_000_000

    static let powersOfTen: [Int64] = (0...18).map { exponent in
        (0..<exponent).reduce(Int64(1)) { value, _ in value * 10 }
    }

    /// Parses `[+|-]digits[.digits][e[+|-]digits]` in `unit`. A leading minus is reported
    /// as `.negative` (after checking the rest is a number), so the caller can say so.
    public static func parse(_ p: UnsafeBufferPointer<UInt8>, unit: Unit) -> Result<Value, Failure> {
        var i = 0
        let n = p.count
        var negative = false
        if i < n, p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var droppedNonZero = false // digits beyond 18 significant ones
        var seenDot = false
        var extraWholeDigits = 0
        var anyDigit = false
        while i < n {
            let c = p[i]
            if c &- 48 < 10 {
                anyDigit = true
                if digits < 18 {
                    mantissa = mantissa * 10 + Int64(c &- 48)
                    if mantissa > 0 { digits += 1 }
                    if seenDot { fractionDigits += 1 }
                } else {
                    if c != 48 { droppedNonZero = true }
                    if !seenDot { extraWholeDigits += 1 }
                }
            } else if c == 46, !seenDot {
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        guard anyDigit else { return .failure(.notANumber) }
        var exponent = unit.exponent - fractionDigits + extraWholeDigits
        if i < n, p[i] == 101 || p[i] == 69 {
            i += 1
            var expNegative = false
            if i < n, p[i] == 45 || p[i] == 43 { expNegative = p[i] == 45; i += 1 }
            var value = 0
            var any = false
            while i < n, p[i] &- 48 < 10 {
                value = min(value * 10 + Int(p[i] &- 48), 10_000)
                any = true
                i += 1
            }
            guard any else { return .failure(.notANumber) }
            exponent += expNegative ? -value : value
        }
        guard i == n else { return .failure(.notANumber) }
        if extraWholeDigits > 0 && mantissa != 0 { return .failure(.tooLarge) }
        if negative && (mantissa != 0 || droppedNonZero) { return .failure(.negative) }
        if mantissa == 0 { return .success(Value(wh: 0, rounded: droppedNonZero)) }
        if exponent >= 0 {
            guard exponent <= 18 else { return .failure(.tooLarge) }
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: powersOfTen[exponent])
            guard !overflow, product <= maximumWh else { return .failure(.tooLarge) }
            return .success(Value(wh: product, rounded: droppedNonZero))
        }
        let shift = -exponent
        guard shift <= 18 else { return .success(Value(wh: 0, rounded: true)) }
        let divisor = powersOfTen[shift]
        var quotient = mantissa / divisor
        let remainder = mantissa % divisor
        let twice = remainder * 2 // remainder < 1e18, fits: divisor <= 1e18 and remainder < divisor
        if remainder != 0 || droppedNonZero {
            if twice > divisor || (twice == divisor && (droppedNonZero || quotient % 2 == 1)) {
                quotient += 1
            }
            guard quotient <= maximumWh else { return .failure(.tooLarge) }
            return .success(Value(wh: quotient, rounded: true))
        }
        guard quotient <= maximumWh else { return .failure(.tooLarge) }
        return .success(Value(wh: quotient, rounded: false))
    }

    /// Parses a `String`; see ``parse(_:unit:)-(UnsafeBufferPointer<UInt8>,_)``.
    public static func parse(_ text: String, unit: Unit) -> Result<Value, Failure> {
        var copy = text
        return copy.withUTF8 { parse($0, unit: unit) }
    }
}
