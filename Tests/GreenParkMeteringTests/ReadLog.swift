import GreenParkCore
import Synchronization

/// Every read a poller took, per meter, to check its intervals against independently.
final class ReadLog: Sendable {
    private let reads = Mutex<[String: [RegisterRead]]>([:])

    var observer: @Sendable (String, RegisterRead) -> Void {
        { meter, read in self.reads.withLock { $0[meter, default: []].append(read) } }
    }

    func of(_ meter: String) -> [RegisterRead] { reads.withLock { $0[meter] ?? [] } }

    /// Whether the reads of `meter` span at least `intervals` whole 15-minute intervals.
    func spans(_ meter: String, intervals: Int64) -> Bool {
        let reads = of(meter)
        guard let first = reads.first, let last = reads.last else { return false }
        return last.atMillis - first.atMillis >= (intervals + 1) * 900_000
    }

    /// The register at `second` interpolated between the reads around it (rounded down), the
    /// rule of docs/telemetry.md computed here on its own; `offset` continues across rollovers.
    func register(_ meter: String, at second: Int64, rolloverWh: Int64? = nil) -> Int64? {
        var continuous: [(Int64, Int64)] = []
        var offset: Int64 = 0
        for read in of(meter) {
            if let last = continuous.last, read.rawWh + offset < last.1, let rolloverWh { offset += rolloverWh }
            continuous.append((read.atMillis, read.rawWh + offset))
        }
        let t = second * 1000
        guard let after = continuous.firstIndex(where: { $0.0 >= t }), after > 0 else { return nil }
        let (t1, r1) = continuous[after - 1], (t2, r2) = continuous[after]
        return r1 + (r2 - r1) * (t - t1) / (t2 - t1)
    }
}
