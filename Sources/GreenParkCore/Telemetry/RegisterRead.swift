/// One read of a meter's cumulative energy register.
public struct RegisterRead: Sendable, Equatable {
    /// When the value held, in milliseconds since 1970-01-01 UTC (the middle of the
    /// request's round trip).
    public let atMillis: Int64
    /// The register in Wh as the meter shows it (before any rollover or replacement offset).
    public let rawWh: Int64
    /// What identifies the physical meter (serial number, DL/T 645 address), when known: a
    /// change means the meter was replaced.
    public let identity: String?

    public init(atMillis: Int64, rawWh: Int64, identity: String? = nil) {
        self.atMillis = atMillis
        self.rawWh = rawWh
        self.identity = identity
    }
}
