import GreenParkCore
import GreenParkFormats

extension CertificateService {
    /// A member's claim for a reporting period (`certificates redeem`).
    public struct RedeemRequest: Sendable {
        public var member: String
        public var from: Timestamp
        public var to: Timestamp
        public var label: String
        public var scheme: CertificateScheme?
        /// Wh to cover; `nil`: as much of the uncovered consumption as the member's certificates can.
        public var volumeWh: Int64?
        /// Exactly these certificates (first and last id).
        public var ids: (first: String, last: String)?
        public var purpose: String
        public var location: String?

        public init(member: String, from: Timestamp, to: Timestamp, label: String, scheme: CertificateScheme? = nil,
                    volumeWh: Int64? = nil, ids: (first: String, last: String)? = nil, purpose: String = "Scope 2",
                    location: String? = nil) {
            self.member = member
            self.from = from
            self.to = to
            self.label = label
            self.scheme = scheme
            self.volumeWh = volumeWh
            self.ids = ids
            self.purpose = purpose
            self.location = location
        }
    }

    /// Redeems a member's certificates for its uncovered consumption in the period (hour by
    /// hour, never twice; docs/certificates.md). Returns the statement and how many ledger
    /// entries were appended.
    public func redeem(_ request: RedeemRequest) throws -> (RedemptionStatement, appended: Int) {
        guard let i = park.members.firstIndex(where: { $0.id == request.member }) else {
            throw ServiceError("certificates.unknown-member", "\(request.member) is not a member of the park")
        }
        let local = context.local
        guard local.hourStart(request.from) == request.from, local.hourStart(request.to) == request.to,
              request.from < request.to else {
            throw ServiceError("certificates.period", "the reporting period must start and end on local clock hours, "
                + "its start before its end")
        }
        let data = try PeriodData.load(park: park, store: context.stores.readings, from: request.from, to: request.to)
        let consumption = data.hourlyConsumption(hourOffset: local.hourOffset(at: request.from))
        let time = context.now()
        let upgrade = LegacyUpgrade(context: context)
        let legacy = try upgrade.legacyStatements()
        let (statements, appended) = try store.update(parkId: park.settings.id, sealingWith: LedgerAppender(key: key),
                                                      at: time) { change in
            try upgrade.backfillCoverage(&change, legacy)
            let claim = RedemptionRequest(
                beneficiary: request.member,
                location: request.location ?? "\(park.settings.name), \(park.members[i].name)",
                periodStart: request.from, periodEnd: request.to, periodLabel: request.label, purpose: request.purpose,
                scheme: request.scheme ?? park.certificates.scheme, volumeWh: request.volumeWh,
                room: ClaimRoom(firstHour: consumption.firstHour, consumption: consumption.members[i],
                                earlier: try change.coverage(member: request.member, from: request.from, to: request.to)))
            if let ids = request.ids {
                try change.record(try change.registry.redeem(firstId: ids.first, lastId: ids.last, claim, at: time))
            } else {
                try change.record(try change.registry.redeem(claim, at: time))
            }
            return change.statements
        }
        return (statements[0], appended)
    }

    /// Redeems each member's certificates of the run's period for its uncovered consumption.
    func redeemAll(_ change: inout CertificateUpdate, _ allocation: AllocationService.Result,
                   scheme: CertificateScheme, at time: Timestamp, notes: inout [String]) throws {
        let data = allocation.data
        let consumption = data.hourlyConsumption(hourOffset: context.local.hourOffset(at: data.from))
        let requests = try park.members.enumerated().map { i, member in
            RedemptionRequest(
                beneficiary: member.id, location: "\(park.settings.name) (\(park.settings.id)), member \(member.name)",
                periodStart: data.from, periodEnd: data.to, periodLabel: "\(data.from.iso8601) to \(data.to.iso8601)",
                purpose: "Scope 2", scheme: scheme,
                room: ClaimRoom(firstHour: consumption.firstHour, consumption: consumption.members[i],
                                earlier: try change.coverage(member: member.id, from: data.from, to: data.to)))
        }
        // Each member's redemption is recorded (and flushed once its events weigh enough) before the next.
        try change.redeem(each: requests, at: time) { error in
            guard error.code == "certificates.nothing-to-redeem" else { throw error }
            notes.append(error.message)
        }
    }

    /// A manual transfer of `first...last` from `owner` to `recipient` (a member or
    /// generator of the park); returns how many ledger entries were appended.
    public func transfer(first: String, last: String, from owner: String, to recipient: String) throws -> Int {
        let accounts = park.members.map(\.id) + park.generators.map(\.id)
        guard accounts.contains(recipient) else {
            throw ServiceError("certificates.unknown-account", "\(recipient): not a member or generator of the park")
        }
        let time = context.now()
        let upgrade = LegacyUpgrade(context: context)
        let legacy = try upgrade.legacyStatements()
        return try store.update(parkId: park.settings.id, sealingWith: LedgerAppender(key: key), at: time) { change in
            try upgrade.backfillCoverage(&change, legacy)
            try change.add(try change.registry.transfer(firstId: first, lastId: last, from: owner, to: recipient,
                                                        at: time))
        }.appended
    }
}
