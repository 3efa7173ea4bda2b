import GreenParkFormats
import GreenParkMeterCodecs
import Synchronization

/// A meter that a ``MeterSimulator`` plays: its register, identity and faults. Tests and
/// benchmarks change it while it is being polled.
public final class SimulatedMeter: Sendable {
    /// What the meter does with a request.
    public enum Behaviour: Sendable, Equatable {
        case answer
        /// Reads nothing, answers nothing (a dead meter or a cut cable).
        case silent
        /// Answers with a Modbus exception 04 or a DL/T 645 error frame.
        case refuse
        /// Sends the answer's bytes in two pieces with a pause between.
        case fragment
        /// Answers a Modbus request with another transaction id (a late answer to an earlier one).
        case wrongTransaction
    }

    struct State {
        /// The register at `since`; it grows by `wattHoursPerSecond` from then on.
        var registerWh: Int64
        var since: ContinuousClock.Instant = .now
        var wattHoursPerSecond: Int64
        var serial: UInt32
        var behaviour: Behaviour = .answer
        var requests = 0
        var connections = 0
    }

    public let address: DLT645Address
    let state: Mutex<State>

    public init(registerWh: Int64, wattHoursPerSecond: Int64 = 0, serial: UInt32 = 20_240_001,
                address: DLT645Address = DLT645Address.broadcast) {
        self.address = address
        state = Mutex(State(registerWh: registerWh, wattHoursPerSecond: wattHoursPerSecond, serial: serial))
    }

    /// The register now (Wh): the set value plus what the set power added since.
    public var registerWh: Int64 {
        state.withLock { state in
            let milliseconds = (ContinuousClock.now - state.since).milliseconds
            return state.registerWh + state.wattHoursPerSecond * milliseconds / 1000
        }
    }

    /// Sets the register (a reset, a replacement, a rollover) and the power from now on.
    public func set(registerWh: Int64, wattHoursPerSecond: Int64? = nil) {
        state.withLock { state in
            state.registerWh = registerWh
            state.since = .now
            if let wattHoursPerSecond { state.wattHoursPerSecond = wattHoursPerSecond }
        }
    }

    public func set(serial: UInt32) { state.withLock { $0.serial = serial } }
    public func set(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }
    public var behaviour: Behaviour { state.withLock { $0.behaviour } }
    public var serial: UInt32 { state.withLock { $0.serial } }
    /// Requests this meter received.
    public var requests: Int { state.withLock { $0.requests } }
    func counted() { state.withLock { $0.requests += 1 } }
    /// Connections this meter accepted.
    public var connections: Int { state.withLock { $0.connections } }
    func connected() { state.withLock { $0.connections += 1 } }
}
