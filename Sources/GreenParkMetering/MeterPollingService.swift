import ServiceLifecycle

/// The poller as a service of a `ServiceGroup` (inside `greenpark serve`): it polls until
/// the graceful shutdown, then stores what it gathered before the store closes (put it
/// after the store's service in the group: services stop in reverse order).
public struct MeterPollingService: Service {
    public let poller: MeterPoller

    public init(poller: MeterPoller) { self.poller = poller }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await poller.run() }
    }
}
