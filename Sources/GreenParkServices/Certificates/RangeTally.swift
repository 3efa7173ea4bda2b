import GreenParkCore

/// What a run left in one scheme for its period: the devices, how many ranges and how many
/// certificates (counted from the registry without copying its ranges).
public struct RangeTally: Sendable, Equatable {
    public private(set) var devices: Set<String> = []
    public private(set) var ranges = 0
    public private(set) var certificates: Int64 = 0

    public init() {}

    /// Counts an issuance's ranges and certificates (not those cancelled for storage charge:
    /// what storage gives back of them is counted where it is released).
    mutating func add(_ entry: CertificateRegistry.Entry) {
        devices.insert(entry.issue.device)
        ranges += entry.ranges.count
        certificates += entry.ranges.reduce(Int64(0)) { $0 + ($1.isCancelled ? 0 : $1.count) }
    }
}
