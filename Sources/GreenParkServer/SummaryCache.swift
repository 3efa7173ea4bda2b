import Dispatch
import GreenParkCore
import GreenParkServices
import Prometheus
import Synchronization

/// Month views (allocation summaries and hourly totals), computed once from the stored readings and kept until a
/// batch is ingested through the server or `ttlSeconds` pass (imports by the CLI while the
/// server runs show after that). A month with gaps is computed with the gaps' intervals
/// skipped (`skip-interval`), as the dashboard shows a month in progress.
final class SummaryCache: Sendable {
    private struct Entry: Sendable {
        let view: MonthView
        let generation: Int
        let at: Double
    }

    private let entries = Mutex((generation: 0, months: [String: Entry]()))
    let ttlSeconds: Double

    init(ttlSeconds: Double = 60) { self.ttlSeconds = ttlSeconds }

    /// Forgets every summary (readings changed).
    func invalidate() { entries.withLock { $0.generation += 1; $0.months.removeAll() } }

    /// The view of `month`, computed from `context`'s store off the event loops when not
    /// cached (each computation counted in `runs`).
    func view(_ month: ReportingPeriod, context: ParkContext, runs: Prometheus.Counter) async throws -> MonthView {
        try await blocking {
            try self.view(month, now: Double(DispatchTime.now().uptimeNanoseconds) / 1e9) {
                runs.increment()
                return try MonthView.compute(month, context: context)
            }
        }
    }

    /// The summary of `month`, computed by `compute` when not cached.
    func view(_ month: ReportingPeriod, now: Double,
                 compute: @Sendable () throws -> MonthView) throws -> MonthView {
        let generation: Int = entries.withLock { state in
            if let entry = state.months[month.text], entry.generation == state.generation, now - entry.at < ttlSeconds {
                return -1
            }
            return state.generation
        }
        if generation < 0, let entry = entries.withLock({ $0.months[month.text] }) { return entry.view }
        let view = try compute()
        entries.withLock { state in
            if state.generation == generation {
                state.months[month.text] = Entry(view: view, generation: generation, at: now)
            }
        }
        return view
    }
}
