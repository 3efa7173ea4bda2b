import GreenParkCore

/// What a park's store holds (`greenpark status`): each meter's span, energy and gaps, the
/// import log, certificates, corrections, and issued periods whose readings changed since.
public struct StatusService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    public struct Meter: Sendable {
        public var id: String
        /// First interval start and the end of the last interval, when it has data.
        public var span: (first: Timestamp, end: Timestamp)?
        public var energyWh: Int64
        public var missingIntervals: Int
        public var flaggedIntervals: Int
    }

    public struct Report: Sendable {
        public var identity: StoredParkIdentity?
        public var meters: [Meter]
        public var imports: [ImportRecord]
        public var issuances: Int
        public var active: Int64
        public var redeemed: Int64
        public var withdrawn: Int64
        /// Cancelled because a storage device charged their energy (DOMAIN.md 4a).
        public var cancelled: Int64 = 0
        public var corrections: [CertificateCorrection]
        public var pending: PendingCorrections?
    }

    public func report() throws -> Report {
        let park = context.park, readings = context.stores.readings
        guard let identity = try readings.parkIdentity() else {
            return Report(identity: nil, meters: [], imports: [], issuances: 0, active: 0, redeemed: 0, withdrawn: 0,
                          corrections: [], pending: nil)
        }
        let spans = Dictionary(try readings.meterSpans().map { ($0.meter, $0) }, uniquingKeysWith: { a, _ in a })
        var meters: [Meter] = []
        for meter in park.meterCatalogue {
            guard let span = spans[meter.id] else {
                meters.append(Meter(id: meter.id, span: nil, energyWh: 0, missingIntervals: 0, flaggedIntervals: 0))
                continue
            }
            let totals = StoredTotals(try readings.days(meter: meter.id, in: span.firstDay..<(span.lastDay + 1)))
            guard let first = totals.first, let last = totals.last else {
                meters.append(Meter(id: meter.id, span: nil, energyWh: 0, missingIntervals: 0, flaggedIntervals: 0))
                continue
            }
            let step = park.settings.resolution.seconds
            let expected = Int((last.seconds - first.seconds) / step) + 1
            meters.append(Meter(id: meter.id, span: (first, last.adding(seconds: step)), energyWh: totals.energyWh,
                                missingIntervals: expected - totals.present, flaggedIntervals: totals.flagged))
        }
        let certificates = context.stores.certificates
        let registry = try certificates.loadRegistry(parkId: park.settings.id)
        let ranges = registry.ranges
        func sum(_ keep: (CertificateRange) -> Bool) -> Int64 { ranges.filter(keep).reduce(0) { $0 + $1.count } }
        return Report(
            identity: identity, meters: meters, imports: try readings.imports(), issuances: registry.issues.count,
            active: sum { $0.isActive }, redeemed: sum { $0.isRedeemed }, withdrawn: sum { $0.isWithdrawn },
            cancelled: sum { $0.isCancelled }, corrections: try certificates.corrections(),
            pending: registry.issues.isEmpty ? nil
                : try PendingCorrections(park: park, stores: context.stores, registry: registry))
    }
}
