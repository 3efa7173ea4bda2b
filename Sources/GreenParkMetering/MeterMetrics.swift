import Metrics

/// One meter's metrics (`greenpark_meter_polls_total{meter,result}`, `greenpark_meter_up{meter}`),
/// made once when polling starts rather than looked up in the metrics system on every poll.
struct MeterMetrics: Sendable {
    let succeeded: Counter
    let failed: Counter
    let missed: Counter
    let up: Gauge

    init(meter: String) {
        let polls = "greenpark_meter_polls_total"
        succeeded = Counter(label: polls, dimensions: [("meter", meter), ("result", "ok")])
        failed = Counter(label: polls, dimensions: [("meter", meter), ("result", "failed")])
        missed = Counter(label: polls, dimensions: [("meter", meter), ("result", "missed")])
        up = Gauge(label: "greenpark_meter_up", dimensions: [("meter", meter)])
    }
}
