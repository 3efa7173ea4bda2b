import Prometheus

/// The server's own counters on `/metrics` (HTTP requests by route and status and their
/// latency come from Hummingbird's MetricsMiddleware).
struct ServerMetrics: Sendable {
    let rowsIngested: Counter
    let allocationRuns: Counter
    let verifierReads: Counter

    init(registry: PrometheusCollectorRegistry) {
        rowsIngested = registry.makeCounter(descriptor: .init(
            namespace: "greenpark", metricName: "readings_ingested", unitName: "total",
            helpText: "Interval readings stored by batch ingest"))
        allocationRuns = registry.makeCounter(descriptor: .init(
            namespace: "greenpark", metricName: "allocation_runs", unitName: "total",
            helpText: "Monthly allocations computed for summaries"))
        verifierReads = registry.makeCounter(descriptor: .init(
            namespace: "greenpark", metricName: "verifier_reads", unitName: "total",
            helpText: "Reads verifiers made under members' grants"))
    }
}
