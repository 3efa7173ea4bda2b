import GreenParkCore
import GreenParkFormats

/// The park's shared infrastructure costs split among members (DOMAIN.md 6): one game per
/// billing month, each on that month's data, as settlement bills them (docs/settlement.md).
public struct SharedCostService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// Each billing month's split of every shared cost over an allocated period.
    public func monthly(_ allocation: AllocationService.Result) -> [SharedCostReport] {
        SharedCostReport.monthly(park: context.park, data: allocation.data, outcome: allocation.outcome,
                                 local: context.local)
    }
}
