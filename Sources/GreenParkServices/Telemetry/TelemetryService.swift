import Foundation
import GreenParkCore
import GreenParkFormats
import Synchronization

/// Meter polling's use case: register reads in, interval energy and meter events out to the
/// store. The network side (GreenParkMetering) calls ``record(meter:read:)`` for every read
/// and ``flush(now:)`` now and then; this type owns the rules in between.
///
/// Rules:
/// - Each polled meter has one ``IntervalBuilder``, continued from the store's register
///   state, so a restart resumes without a gap and without counting anything twice.
/// - Intervals are stored through exactly `greenpark import`'s validation (a readings
///   batch per flush, recorded in the import log as `poll`), and the register states are
///   saved in the same transaction: both or neither.
/// - An interval the validation refuses (above `max_kw`, conflicting with a stored value)
///   is not stored; it is kept as a `not-stored` meter event with its value, and the rest
///   of the batch is stored.
/// - Gaps, rollovers, replacements, resets and dead meters are meter events in the store.
/// - A read without an identity (no serial number register) takes where and how the meter
///   is read as its identity: pointing a meter elsewhere in the park file is a replacement.
public final class TelemetryService: Sendable {
    public let context: ParkContext
    public let polling: ParkPolling
    let pending: Mutex<Pending>
    /// Each meter's identity when its reads carry none: where and how it is read.
    let configuredIdentities: [String: String]

    struct Pending {
        var builders: [String: IntervalBuilder] = [:]
        var rows: [PendingInterval] = []
        var events: [MeterEventRecord] = []
        var changed: Set<String> = []
    }

    struct PendingInterval: Equatable {
        let meter: String
        let start: Int64
        let energyWh: Int64
        let quality: Quality
    }

    /// Loads the stored register states of the polled meters.
    public init(context: ParkContext, polling: ParkPolling) throws {
        self.context = context
        self.polling = polling
        let stored = Dictionary(try context.stores.readings.registerStates().map { ($0.meter, $0) },
                                uniquingKeysWith: { first, _ in first })
        var builders: [String: IntervalBuilder] = [:]
        for poll in polling.meters {
            builders[poll.meter] = IntervalBuilder(
                settings: Self.settings(for: poll, park: context.park, polling: polling.settings),
                state: stored[poll.meter] ?? MeterRegisterState(meter: poll.meter))
        }
        pending = Mutex(Pending(builders: builders))
        configuredIdentities = Dictionary(polling.meters.map { ($0.meter, Self.identity(of: $0)) },
                                          uniquingKeysWith: { first, _ in first })
    }

    /// Where and how a meter is read: a meter the park file points elsewhere between two runs
    /// (another host, unit, register, type, word order or scale; another DL/T 645 address) is a
    /// replacement, not energy.
    static func identity(of poll: MeterPoll) -> String {
        switch poll.target {
        case .modbus(let point):
            "\(poll.endpointDescription) \(point.order.rawValue) x \(point.scaleKWh) kWh"
        case .dlt645(let point):
            "address \(point.address.meterNumber)"
        }
    }

    /// How one meter's reads become intervals: the park's interval length; measured when the
    /// reads around a boundary are at most three poll periods apart; `max_gap_minutes`; the
    /// configured rollover, else the one the register's format fixes.
    static func settings(for poll: MeterPoll, park: Park, polling: PollSettings) -> IntervalBuilderSettings {
        let spec = park.meters.first { $0.id == poll.meter }
        let configured = spec?.registerRolloverKWh.map { $0.millionths / 1000 }
        return IntervalBuilderSettings(
            intervalSeconds: Int64(park.settings.resolution.minutes) * 60,
            measuredWithinMillis: 3 * poll.periodMillis, maxGapMillis: Int64(polling.maxGapMinutes) * 60_000,
            rolloverWh: configured ?? RegisterScale.naturalRolloverWh(poll.target))
    }

    /// Takes one read of `meter`'s register; returns what it produced (also queued for the store).
    @discardableResult
    public func record(meter: String, read: RegisterRead) -> [TelemetryEvent] {
        let read = read.identity != nil ? read
            : RegisterRead(atMillis: read.atMillis, rawWh: read.rawWh, identity: configuredIdentities[meter])
        return pending.withLock { pending in
            guard var builder = pending.builders[meter] else { return [] }
            let events = builder.add(read)
            pending.builders[meter] = builder
            pending.changed.insert(meter)
            for event in events { Self.queue(event, meter: meter, into: &pending) }
            return events
        }
    }

    /// Queues an event noticed on the network side (a dead meter, one alive again).
    public func note(_ event: MeterEventRecord) {
        pending.withLock { $0.events.append(event) }
    }

    /// The register state of a polled meter as it stands now (not yet necessarily stored).
    public func state(of meter: String) -> MeterRegisterState? {
        pending.withLock { $0.builders[meter]?.state }
    }

    private static func queue(_ event: TelemetryEvent, meter: String, into pending: inout Pending) {
        switch event {
        case let .interval(start, energy, quality):
            pending.rows.append(PendingInterval(meter: meter, start: start, energyWh: energy, quality: quality))
        case let .gap(from, to, energy):
            pending.events.append(MeterEventRecord(
                meter: meter, atMillis: to * 1000, kind: .gap, energyWh: energy,
                detail: "no reads for the intervals \(Timestamp(seconds: from)) to \(Timestamp(seconds: to)) "
                    + "(longer than telemetry.max_gap_minutes): \(energy) Wh went through the register in that time "
                    + "and are in no interval; import an estimate for them if one is needed"))
        case let .rollover(at, before, after, modulo):
            pending.events.append(MeterEventRecord(
                meter: meter, atMillis: at, kind: .rollover,
                detail: "register rolled over from \(before) Wh to \(after) Wh at \(modulo) Wh"))
        case let .replaced(at, old, new, before, after):
            pending.events.append(MeterEventRecord(
                meter: meter, atMillis: at, kind: .replaced,
                detail: "meter \(old ?? "?") replaced by \(new ?? "?"): register \(before) Wh, new meter shows "
                    + "\(after) Wh; counting continues from \(before) Wh, intervals around the swap are estimated"))
        case let .reset(at, before, after):
            pending.events.append(MeterEventRecord(
                meter: meter, atMillis: at, kind: .reset,
                detail: "register went down from \(before) Wh to \(after) Wh without rolling over (reset or an "
                    + "unidentified replacement); counting continues, intervals around it are estimated"))
        case let .ignored(at, raw, reason):
            pending.events.append(MeterEventRecord(
                meter: meter, atMillis: at, kind: .ignored, detail: "read of \(raw) Wh ignored: \(reason)"))
        }
    }
}
