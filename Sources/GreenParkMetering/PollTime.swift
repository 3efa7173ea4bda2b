import Logging
import Synchronization

/// The poller's time: the clock's UTC time when polling starts, then carried on by the
/// clock's steady side, so that a system clock stepped back (an NTP step, an operator's
/// `date`) neither stalls the polls nor stamps reads out of order.
///
/// Rules: the time never goes back; when the system clock runs more than 2 s ahead of it
/// (a step forward, or the clock set right after a boot), the poller follows the system
/// clock; when it runs more than 2 s behind, the poller keeps its own time and logs the step
/// once, until the two agree again.
final class PollTime: Sendable {
    let clock: any PollClock
    private let logger: Logger
    private let anchor: Mutex<Anchor>

    struct Anchor {
        var wall: Int64
        var steady: Int64
        var behind = false
    }

    static let toleranceMillis: Int64 = 2000

    init(clock: any PollClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
        anchor = Mutex(Anchor(wall: clock.nowMillis(), steady: clock.steadyMillis()))
    }

    /// Milliseconds since 1970-01-01 UTC by the rules above.
    func now() -> Int64 {
        let wall = clock.nowMillis(), steady = clock.steadyMillis()
        var stepped: Int64?
        let time: Int64 = anchor.withLock { anchor in
            let carried = anchor.wall + (steady - anchor.steady)
            if wall > carried + Self.toleranceMillis {
                anchor = Anchor(wall: wall, steady: steady)
                return wall
            }
            if wall < carried - Self.toleranceMillis {
                if !anchor.behind { stepped = carried - wall }
                anchor.behind = true
            } else {
                anchor.behind = false
            }
            return carried
        }
        if let stepped {
            logger.warning("the system clock went back by \(stepped) ms; polling keeps its own time until they agree")
        }
        return time
    }

    /// Waits until ``now()`` reaches `millis`.
    func sleep(untilMillis millis: Int64) async throws {
        let wait = millis - now()
        guard wait > 0 else { return }
        try await clock.sleep(untilMillis: clock.nowMillis() + wait)
    }
}
