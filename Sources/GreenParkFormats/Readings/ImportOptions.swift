import GreenParkCore

/// How an import reads, checks and stores a file.
public struct ImportOptions: Sendable {
    /// Estimation of short gaps. Off by default: a gap stays a gap.
    public enum Estimation: String, Sendable, CaseIterable {
        case linear
    }

    /// Handling of data coarser than the park's resolution. Off by default: an error.
    public enum Split: String, Sendable, CaseIterable {
        case even
    }

    public var estimation: Estimation?
    /// Longest gap, in park intervals, that estimation may fill.
    public var maxGap: Int
    public var split: Split?
    /// The file's interval length in minutes; inferred from the data when `nil`.
    public var inputResolutionMinutes: Int?
    /// Unit of wide-layout columns without a unit suffix.
    public var wideUnit: EnergyDecimal.Unit
    /// Replace stored values that differ (corrections); the old values go to the revision log.
    public var replace: Bool
    /// Check everything, report what would happen, then roll back.
    public var dryRun = false
    /// Memory for resident day blocks before they are written out.
    public var memoryBudgetMB: Int
    /// The time of the import: intervals ending after it are rejected.
    public var now: Timestamp
    /// Called inside the transaction just before it commits (fault-injection seam for
    /// tests of killed imports).
    public var beforeCommit: (@Sendable () throws -> Void)?
    /// Writes more in the import's own transaction, just before it commits (polling stores
    /// its meters' register states with the intervals they produced: both or neither).
    public var alsoInTransaction: (@Sendable (any ReadingStoreTransaction) throws -> Void)?

    public init(
        estimation: Estimation? = nil, maxGap: Int = 4, split: Split? = nil, inputResolutionMinutes: Int? = nil,
        wideUnit: EnergyDecimal.Unit = .kwh, replace: Bool = false, memoryBudgetMB: Int = 256,
        now: Timestamp = Timestamp.now(), beforeCommit: (@Sendable () throws -> Void)? = nil
    ) {
        self.estimation = estimation
        self.maxGap = maxGap
        self.split = split
        self.inputResolutionMinutes = inputResolutionMinutes
        self.wideUnit = wideUnit
        self.replace = replace
        self.memoryBudgetMB = memoryBudgetMB
        self.now = now
        self.beforeCommit = beforeCommit
    }

    /// A short description for the import log.
    var summary: String {
        var parts: [String] = []
        if let estimation { parts.append("estimate=\(estimation.rawValue) max-gap=\(maxGap)") }
        if let split { parts.append("split=\(split.rawValue)") }
        if let inputResolutionMinutes { parts.append("input-resolution=\(inputResolutionMinutes)") }
        parts.append("unit=\(wideUnit.columnSuffix)")
        if replace { parts.append("replace") }
        return parts.joined(separator: " ")
    }
}

extension Timestamp {
    /// The current time, truncated to the second.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
