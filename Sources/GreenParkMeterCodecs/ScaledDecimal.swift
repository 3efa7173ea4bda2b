/// An exact decimal read from a meter: `mantissa / 10^decimals`.
public struct ScaledDecimal: Hashable, Sendable, CustomStringConvertible {
    public let mantissa: Int64
    public let decimals: Int

    public init(mantissa: Int64, decimals: Int) {
        self.mantissa = mantissa
        self.decimals = decimals
    }

    public var description: String {
        let magnitude = String(mantissa.magnitude)
        guard decimals > 0 else { return (mantissa < 0 ? "-" : "") + magnitude }
        let padded = String(repeating: "0", count: max(0, decimals + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        return (mantissa < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }
}
