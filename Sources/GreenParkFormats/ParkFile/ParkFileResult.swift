import GreenParkCore

/// What ``ParkFile`` read from a valid park file: the typed park and the non-fatal
/// findings that did not stop it.
public struct ParkFileResult: Sendable {
    /// The validated park with every default filled in.
    public var park: Park
    /// Problems worth a look that do not make the file invalid, e.g. a generator
    /// registered before it was commissioned, or a park without generators. Their codes
    /// are the warning cases of ``ParkFileIssueCode``.
    public var warnings: [InputIssue]
    /// How meters are read over the network (`meters[].poll`, `telemetry`); none by default.
    public var polling: ParkPolling

    /// A result with the given park and warnings.
    public init(park: Park, warnings: [InputIssue] = [], polling: ParkPolling = ParkPolling()) {
        self.park = park
        self.warnings = warnings
        self.polling = polling
    }
}
