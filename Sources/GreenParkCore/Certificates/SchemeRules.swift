/// What a certificate scheme counts in and over which production period (DOMAIN.md 4).
///
/// | scheme | unit | production period | validity |
/// |---|---|---|---|
/// | `gec` (China 绿证) | 1 MWh | calendar month (park time zone) | 2 years from the production month |
/// | `irec` | 1 MWh | chosen by the registrant (default: month) | none set here |
/// | `granular` (EnergyTag) | 1 Wh | one hour | none set here |
public struct SchemeRules: Sendable, Equatable {
    public var scheme: CertificateScheme
    /// Wh per certificate.
    public var unitWh: Int64
    public var period: Period
    /// Months after the end of the production month during which a certificate can be redeemed.
    public var validityMonths: Int?
    /// Prefix of certificate ids.
    public var idPrefix: String

    public enum Period: String, Sendable {
        case calendarMonth = "month"
        case hour
    }

    public static func rules(for scheme: CertificateScheme) -> SchemeRules {
        switch scheme {
        case .gec: SchemeRules(scheme: .gec, unitWh: 1_000_000, period: .calendarMonth, validityMonths: 24, idPrefix: "GEC")
        case .irec: SchemeRules(scheme: .irec, unitWh: 1_000_000, period: .calendarMonth, validityMonths: nil, idPrefix: "IREC")
        case .granular: SchemeRules(scheme: .granular, unitWh: 1, period: .hour, validityMonths: nil, idPrefix: "GC")
        }
    }
}
