import Foundation
import GreenParkCore
import GreenParkServices
import OpenAPIRuntime

extension API {
    /// Transfers certificates from an account the caller may change (a member its own, a
    /// generator its own) to any account of the park.
    func transferCertificates(_ input: Operations.TransferCertificates.Input) async throws
        -> Operations.TransferCertificates.Output {
        guard case .json(let request) = input.body else {
            throw Problem(.unsupportedMediaType, "request.media-type", "send JSON")
        }
        guard let from = park.owner(ofAccount: request.from) else {
            _ = try gate.principal()
            throw Problem.notFound
        }
        try gate.authorize(AccessTarget(.certificates, of: from, write: true),
            resource: "POST /v1/certificates/transfer")
        // Another account, or certificates that are not all the sender's and active, answer the
        // same 404 as ids that do not exist: a transfer must not tell who holds what.
        guard park.owner(ofAccount: request.to) != nil, request.to != request.from,
              let first = LedgerIssueSpan.split(id: request.firstId),
                  let last = LedgerIssueSpan.split(id: request.lastId),
              first.prefix == last.prefix, first.serial <= last.serial else { throw Problem.notFound }
        let key = try signingKey(), context = self.context, parkId = park.settings.id
        try await blocking {
            let held = try context.stores.certificates.certificateRanges(parkId: parkId, owner: request.from)
            guard Self.covers(held, prefix: first.prefix, first.serial...last.serial) else { throw Problem.notFound }
            _ = try CertificateService(context: context, key: key).transfer(first: request.firstId,
                last: request.lastId,
                                                                            from: request.from, to: request.to)
        }
        summaries.invalidate()
        return .ok(.init(body: .json(.init(count: last.serial - first.serial + 1, from: request.from, to: request.to))))
    }

    /// Redeems a member's certificates for its uncovered consumption in `[from, to)`.
    func redeemCertificates(_ input: Operations.RedeemCertificates.Input) async throws
        -> Operations.RedeemCertificates.Output {
        guard case .json(let request) = input.body else {
            throw Problem(.unsupportedMediaType, "request.media-type", "send JSON")
        }
        let span = try Span(from: request.from, to: request.to, required: true).nonEmpty()
        _ = try member(request.member, .certificates, resource: "POST /v1/certificates/redeem", write: true)
        let key = try signingKey(), context = self.context
        let label = request.label ?? "\(span.from.iso8601)/\(span.to.iso8601)"
        let (statement, _) = try await blocking {
            try CertificateService(context: context, key: key).redeem(.init(
                member: request.member, from: span.from, to: span.to, label: label, volumeWh: request.volumeWh,
                purpose: request.purpose ?? "Scope 2"))
        }
        summaries.invalidate()
        return .created(.init(body: .json(.init(
            id: statement.id, member: statement.beneficiary, periodStart: statement.periodStart.date,
            periodEnd: statement.periodEnd.date, volumeWh: statement.volumeWh,
            certificates: statement.certificates.reduce(Int64(0)) { $0 + $1.count }))))
    }

    /// Whether active ranges of `held` cover every serial of `serials` under `prefix`.
    static func covers(_ held: [CertificateRange], prefix: String, _ serials: ClosedRange<Int64>) -> Bool {
        var next = serials.lowerBound
        for range in held.filter({ $0.isActive && LedgerIssueSpan.split(id: $0.firstId)?.prefix == prefix })
            .sorted(by: { $0.firstSerial < $1.firstSerial }) where range.lastSerial >= next {
            guard range.firstSerial <= next else { return false }
            if range.lastSerial >= serials.upperBound { return true }
            next = range.lastSerial + 1
        }
        return false
    }

    /// The operator key the server signs ledger entries with; 409 when it was started without one.
    func signingKey() throws -> OperatorKey {
        guard let key else {
            throw Problem(.conflict, "server.no-key", "the server was started without the operator key; "
                + "certificate changes, grants and evidence packs are signed with it")
        }
        return key
    }
}
