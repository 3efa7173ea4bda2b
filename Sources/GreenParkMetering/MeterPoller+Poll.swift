import GreenParkCore
import GreenParkMeterCodecs
import Metrics
import Synchronization

extension MeterPoller {
    /// One poll of one meter: attempts with backoff, then the read to the telemetry service or
    /// the failure to the meter's status (see the type's rules).
    func poll(_ reader: MeterReader) async {
        let meter = reader.poll.meter
        // Read again after any failure: a meter that went away may come back as another one.
        var needIdentity = identities.withLock { $0[meter] == nil }
        var lastError = ""
        for attempt in 0...settings.retries {
            if Task.isCancelled { return }
            if attempt > 0 {
                update(meter) { $0.retries += 1 }
                try? await Task.sleep(for: .milliseconds(50 << min(attempt - 1, 6)))
            }
            do {
                if needIdentity {
                    let identity = try await reader.readIdentity(timeoutMillis: settings.timeoutMillis)
                    identities.withLock { $0[meter] = .some(identity) }
                    needIdentity = false
                }
                let before = clock.now()
                let wattHours = try await reader.readWattHours(timeoutMillis: settings.timeoutMillis)
                let after = clock.now()
                // A register lower than at the last read: ask again who the meter is (swapped
                // behind a gateway whose connection stayed up), before the read is judged.
                if let last = statuses.withLock({ $0[meter]?.lastWattHours }), wattHours < last {
                    let identity = try await reader.readIdentity(timeoutMillis: settings.timeoutMillis)
                    identities.withLock { $0[meter] = .some(identity) }
                }
                let identity = identities.withLock { $0[meter] ?? nil }
                let read = RegisterRead(atMillis: before + (after - before) / 2, rawWh: wattHours, identity: identity)
                telemetry.record(meter: meter, read: read)
                onRead?(meter, read)
                succeeded(meter, at: after, wattHours: wattHours, roundTrip: after - before)
                return
            } catch {
                lastError = "\(error)"
                needIdentity = true
                // An answer to another request (a late one) means the stream is out of step:
                // the next attempt starts on a new connection.
                if let codec = error as? MeterCodecError, codec.kind == .mismatch { reader.connection.close() }
                _ = identities.withLock { $0.removeValue(forKey: meter) }
            }
        }
        failed(meter, error: lastError)
    }

    private func succeeded(_ meter: String, at millis: Int64, wattHours: Int64, roundTrip: Int64) {
        var wasDead = false
        update(meter) { status in
            wasDead = status.isDead
            status.succeeded += 1
            status.consecutiveFailures = 0
            status.isDead = false
            status.lastReadMillis = millis
            status.lastWattHours = wattHours
            status.lastRoundTripMillis = roundTrip
        }
        metrics[meter]?.succeeded.increment()
        metrics[meter]?.up.record(1)
        if wasDead {
            logger.notice("meter \(meter) answers again")
            telemetry.note(MeterEventRecord(meter: meter, atMillis: millis, kind: .alive, detail: "answers again"))
        }
    }

    private func failed(_ meter: String, error: String) {
        var becameDead = false, failures = 0
        update(meter) { status in
            status.failed += 1
            status.consecutiveFailures += 1
            status.lastError = error
            failures = status.consecutiveFailures
            if !status.isDead, status.consecutiveFailures >= settings.deadAfterFailures {
                status.isDead = true
                becameDead = true
            }
        }
        metrics[meter]?.failed.increment()
        if becameDead {
            metrics[meter]?.up.record(0)
            logger.error("meter \(meter) is dead: \(failures) polls in a row failed, last: \(error)")
            telemetry.note(MeterEventRecord(
                meter: meter, atMillis: clock.now(), kind: .dead,
                detail: "\(failures) polls in a row failed; last error: \(error)"))
        }
    }
}
