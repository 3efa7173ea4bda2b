import Dispatch
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import Logging
import Metrics
import NIOCore
import NIOPosix
import Synchronization

/// Reads every polled meter of the park on its period and hands the reads to the
/// ``TelemetryService``, which turns them into stored interval energy.
///
/// Rules:
/// - Each meter is read at `phase + k * period`, phases spread over the period so the
///   meters of one gateway do not all ask at once; a slot that passes while the poll
///   before is still running is counted as missed, never read late twice.
/// - A read has `telemetry.timeout_ms` to answer; a failed read is tried again
///   `telemetry.retries` times with a backoff (50 ms, doubling); a connection that failed
///   is opened again on the next attempt, and the meter's identity read again.
/// - After `telemetry.dead_after_failures` failed polls in a row the meter is reported
///   dead (a meter event, an error in the log, `greenpark_meter_up` 0) until it answers.
/// - The gathered intervals, events and register states are flushed to the store every
///   `flushSeconds` and when polling stops.
public final class MeterPoller: Sendable {
    public let telemetry: TelemetryService
    let clock: PollTime
    let settings: PollSettings
    let readers: [MeterReader]
    let flushMillis: Int64
    let logger: Logger
    let statuses: Mutex<[String: MeterStatus]>
    let connections: [MeterConnection]
    let metrics: [String: MeterMetrics]
    let flushQueue = DispatchQueue(label: "greenpark.poll.flush")
    /// Each meter's identity as last read (`.some(nil)`: the park file gives no way to tell);
    /// absent until read, and again after a failure.
    let identities = Mutex<[String: String?]>([:])
    /// Called with every read taken (for progress output and tests).
    let onRead: (@Sendable (String, RegisterRead) -> Void)?

    public init(telemetry: TelemetryService, clock: any PollClock = WallClock(), flushSeconds: Double = 5,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "greenpark.poll"),
                onRead: (@Sendable (String, RegisterRead) -> Void)? = nil) {
        self.telemetry = telemetry
        self.onRead = onRead
        self.clock = PollTime(clock: clock, logger: logger)
        self.settings = telemetry.polling.settings
        self.flushMillis = Int64(max(0.05, flushSeconds) * 1000)
        self.logger = logger
        var shared: [String: MeterConnection] = [:]
        var readers: [MeterReader] = []
        var statuses: [String: MeterStatus] = [:]
        for poll in telemetry.polling.meters {
            let splitter: FrameSplitter
            switch poll.target {
            case .modbus: splitter = .modbus
            case .dlt645: splitter = .dlt645
            }
            let key = "\(splitter)|\(poll.host)|\(poll.port)"
            let connection = shared[key] ?? MeterConnection(
                host: poll.host, port: poll.port, splitter: splitter, eventLoop: group.next())
            shared[key] = connection
            readers.append(MeterReader(poll: poll, connection: connection))
            statuses[poll.meter] = MeterStatus(meter: poll.meter, endpoint: poll.endpointDescription)
        }
        self.readers = readers
        self.connections = Array(shared.values)
        self.metrics = Dictionary(readers.map { ($0.poll.meter, MeterMetrics(meter: $0.poll.meter)) },
                                  uniquingKeysWith: { first, _ in first })
        self.statuses = Mutex(statuses)
    }

    /// The status of every polled meter, in park-file order.
    public var status: [MeterStatus] {
        statuses.withLock { statuses in readers.compactMap { statuses[$0.poll.meter] } }
    }

    /// Polls until the task is cancelled, then flushes what is left. The polls run on the
    /// poller's own executor (``PollExecutor``).
    public func run() async throws {
        defer { connections.forEach { $0.close() } }
        await withTaskExecutorPreference(PollExecutor.shared) { await pollAll() }
        try await flushNow()
    }

    private func pollAll() async {
        await withTaskGroup(of: Void.self) { group in
            let start = clock.now()
            for (index, reader) in readers.enumerated() {
                let period = reader.poll.periodMillis
                // Spread the meters over the period: meter i starts i/n of a period after the slot.
                let phase = period * Int64(index) / Int64(max(readers.count, 1))
                let first = (start / period + 1) * period + phase
                group.addTask { await self.pollForever(reader, firstSlot: first) }
            }
            group.addTask { await self.flushForever() }
            await group.waitForAll()
        }
    }

    /// One read of each meter (for `greenpark poll --once`), then a flush.
    public func pollOnce() async throws -> [MeterStatus] {
        defer { connections.forEach { $0.close() } }
        await withTaskExecutorPreference(PollExecutor.shared) {
            await withTaskGroup(of: Void.self) { group in
                for reader in readers { group.addTask { await self.poll(reader) } }
            }
        }
        try await flushNow()
        return status
    }

    /// Flushes on the poller's own queue (the store is blocking I/O): one flush at a time, and
    /// the last one runs to its end even when polling was cancelled.
    func flushNow() async throws {
        let telemetry = self.telemetry, clock = self.clock
        // The clock is read when the flush takes its rows, not when it was asked for (it may wait).
        let result = try await withCheckedThrowingContinuation { continuation in
            flushQueue.async {
                continuation.resume(with: Result { try telemetry.flush { Timestamp(seconds: clock.now() / 1000) } })
            }
        }
        if result.intervalsNotStored > 0 {
            logger.warning("\(result.intervalsNotStored) polled intervals refused by validation (see meter events)")
        }
    }

    private func flushForever() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(flushMillis))
            } catch {
                return
            }
            do {
                try await flushNow()
            } catch {
                logger.error("storing polled readings failed, kept for the next flush: \(error)")
            }
        }
    }

    private func pollForever(_ reader: MeterReader, firstSlot: Int64) async {
        var slot = firstSlot
        let period = reader.poll.periodMillis
        while !Task.isCancelled {
            do {
                try await clock.sleep(untilMillis: slot)
            } catch {
                return
            }
            let lateness = clock.now() - slot
            update(reader.poll.meter) { $0.maximumLatenessMillis = max($0.maximumLatenessMillis, lateness) }
            await poll(reader)
            slot += period
            let now = clock.now()
            if now >= slot {
                let skipped = (now - slot) / period + 1
                slot += skipped * period
                update(reader.poll.meter) { $0.missed += Int(skipped) }
                metrics[reader.poll.meter]?.missed.increment(by: Int(skipped))
            }
        }
    }

    func update(_ meter: String, _ change: (inout MeterStatus) -> Void) {
        statuses.withLock { statuses in
            if statuses[meter] != nil { change(&statuses[meter]!) }
        }
    }
}
