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
        try gate.authorize(AccessTarget(.certificates, of: from, write: true), resource: "POST /v1/certificates/transfer")
        guard park.owner(ofAccount: request.to) != nil else {
            throw Problem(.badRequest, "certificates.unknown-account", "\(request.to) is no member or generator of the park")
        }
        let key = try signingKey(), context = self.context
        let count = try await blocking {
            try CertificateService(context: context, key: key).transfer(first: request.firstId, last: request.lastId,
                                                                        from: request.from, to: request.to)
        }
        return .ok(.init(body: .json(.init(count: Int64(count), from: request.from, to: request.to))))
    }

    /// Redeems a member's certificates for its uncovered consumption in `[from, to)`.
    func redeemCertificates(_ input: Operations.RedeemCertificates.Input) async throws
        -> Operations.RedeemCertificates.Output {
        guard case .json(let request) = input.body else {
            throw Problem(.unsupportedMediaType, "request.media-type", "send JSON")
        }
        _ = try member(request.member, .certificates, resource: "POST /v1/certificates/redeem", write: true)
        let span = try Span(from: request.from, to: request.to, required: true)
        let key = try signingKey(), context = self.context
        let label = request.label ?? "\(span.from.iso8601)/\(span.to.iso8601)"
        let (statement, _) = try await blocking {
            try CertificateService(context: context, key: key).redeem(.init(
                member: request.member, from: span.from, to: span.to, label: label, volumeWh: request.volumeWh,
                purpose: request.purpose ?? "Scope 2"))
        }
        return .created(.init(body: .json(.init(
            id: statement.id, member: statement.beneficiary, periodStart: statement.periodStart.date,
            periodEnd: statement.periodEnd.date, volumeWh: statement.volumeWh,
            certificates: statement.certificates.reduce(Int64(0)) { $0 + $1.count }))))
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
