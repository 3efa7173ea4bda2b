import GreenParkCore

/// What an import of one file did.
public struct ImportReport: Sendable {
    public var file: String
    public var sha256: String
    public var layout: String
    public var inputResolutionMinutes: Int
    public var rows: Int
    /// Values read (a wide row holds several).
    public var values: Int
    public var rounded: Int
    public var emptyCells: Int
    public var statistics: ImportStatistics
    /// Gaps inside the span each meter covers in this file, after merging with the store.
    public var gaps: [GapRange]
    /// Register reads spanning several intervals that were left as gaps.
    public var registerSpansNotSplit: Int
    /// Set when the same bytes were imported before: nothing was changed.
    public var alreadyImported: ImportRecord?
    /// The import's number in the store's log.
    public var importId: Int64?
    public var seconds: Double
    /// Checked only: the transaction was rolled back.
    public var dryRun: Bool

    public var missingIntervals: Int { gaps.filter { !$0.estimated }.reduce(0) { $0 + $1.intervals } }
}
