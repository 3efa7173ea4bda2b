import Foundation
import GreenParkFormats

/// The time the poller runs on: the wall clock in production, a faster one in simulations
/// (a simulated day of 15-minute intervals in seconds of test time).
public protocol PollClock: Sendable {
    /// Milliseconds since 1970-01-01 UTC on this clock.
    func nowMillis() -> Int64
    /// Waits until this clock shows `millis` (returns at once when it already does).
    func sleep(untilMillis millis: Int64) async throws
    /// Milliseconds on a clock of the same pace that never steps (its origin does not matter).
    func steadyMillis() -> Int64
}

extension PollClock {
    /// A clock that never steps is its own steady clock.
    public func steadyMillis() -> Int64 { nowMillis() }
}

/// Real time: UTC from the system clock.
public struct WallClock: PollClock {
    public init() {}

    public func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    public func steadyMillis() -> Int64 { (ContinuousClock.now - WallClock.start).milliseconds }

    private static let start = ContinuousClock.now

    public func sleep(untilMillis millis: Int64) async throws {
        let wait = millis - nowMillis()
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
    }
}

/// Time that runs `speed` times faster than real time from `originMillis`: at speed 900 a
/// 15-minute interval passes in one second.
public struct ScaledClock: PollClock {
    public let originMillis: Int64
    public let speed: Double
    private let start: ContinuousClock.Instant

    public init(originMillis: Int64, speed: Double) {
        self.originMillis = originMillis
        self.speed = max(speed, 0.001)
        start = ContinuousClock.now
    }

    public func nowMillis() -> Int64 {
        return originMillis + Int64(((ContinuousClock.now - start).seconds * 1000 * speed).rounded(.down))
    }

    public func sleep(untilMillis millis: Int64) async throws {
        let wait = Double(millis - nowMillis()) / speed
        if wait > 0 { try await Task.sleep(for: .microseconds(Int64((wait * 1000).rounded(.up)))) }
    }
}
