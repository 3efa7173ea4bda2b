import Foundation
import GreenParkCore
import GreenParkServices
import OpenAPIRuntime

extension API {
    func verifyLedger(_ input: Operations.VerifyLedger.Input) async throws -> Operations.VerifyLedger.Output {
        try gate.authorize(AccessTarget(.park, of: .park), resource: "GET /v1/ledger/verify")
        let context = self.context
        do {
            let verified = try await blocking { try LedgerService(context: context).verifyWithRecordedKey() }
            return .ok(.init(body: .json(.init(entries: verified.entries, blocks: verified.blocks))))
        } catch let error as any GreenParkError {
            throw Problem(.conflict, error.code, error.message)
        }
    }

    func listLedgerEntries(_ input: Operations.ListLedgerEntries.Input) async throws
        -> Operations.ListLedgerEntries.Output {
        try gate.authorize(AccessTarget(.ledger, of: .park), resource: "GET /v1/ledger/entries")
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let store = context.stores.certificates
        let first = Int64(paging.offset), last = first + Int64(paging.limit)
        let entries = try await blocking { try store.ledgerEntries(first...last) }
        let items = try entries.prefix(paging.limit).map { entry -> Components.Schemas.LedgerEntry in
            let data = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(entry.dataBytes))
            return .init(seq: entry.sequence, kind: entry.kind.rawValue, time: entry.time.date, data: data,
                         prev: entry.previous, hash: entry.hash)
        }
        let next = entries.count > paging.limit ? paging.offset + paging.limit : nil
        return .ok(.init(body: .json(.init(items: items, offset: paging.offset, limit: paging.limit,
            nextOffset: next))))
    }

    func listGrants(_ input: Operations.ListGrants.Input) async throws -> Operations.ListGrants.Output {
        let principal = try gate.principal(), policy = try gate.policy()
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let span = try Span(from: input.query.from, to: input.query.to)
        let visible = policy.grants.filter {
            policy.canSee(principal, grant: $0) && $0.createdAt < span.to && span.from < min($0.until,
                $0.revokedAt ?? $0.until)
        }
        let (items, next) = paging.page(visible)
        return .ok(.init(body: .json(.init(items: items.map(Self.grant), offset: paging.offset, limit: paging.limit,
                                           nextOffset: next))))
    }

    func addGrant(_ input: Operations.AddGrant.Input) async throws -> Operations.AddGrant.Output {
        guard case .json(let request) = input.body else { throw Problem(.unsupportedMediaType, "request.media-type",
            "send JSON") }
        _ = try member(request.member, .grants, resource: "POST /v1/grants", write: true)
        let key = try signingKey()
        let scopes = Set(request.scopes.compactMap { GrantScope(rawValue: $0.rawValue) })
        let until = Span.timestamp(request.until), context = self.context
        let grant = try await blocking {
            try GrantService(context: context).add(member: request.member, verifier: request.verifier, until: until,
                                                   scopes: scopes, key: key)
        }
        return .created(.init(body: .json(Self.grant(grant))))
    }

    func revokeGrant(_ input: Operations.RevokeGrant.Input) async throws -> Operations.RevokeGrant.Output {
        let principal = try gate.principal(), policy = try gate.policy()
        guard let grant = policy.grants.first(where: { $0.id == input.path.grant }),
              policy.canSee(principal, grant: grant) else { throw Problem.notFound }
        _ = try member(grant.member, .grants, resource: "DELETE /v1/grants/\(grant.id)", write: true)
        let key = try signingKey(), context = self.context
        let revoked = try await blocking { try GrantService(context: context).revoke(id: grant.id, key: key) }
        return .ok(.init(body: .json(Self.grant(revoked))))
    }

    func listAccessLog(_ input: Operations.ListAccessLog.Input) async throws -> Operations.ListAccessLog.Output {
        let id = input.path.member
        _ = try member(id, .grants, resource: "GET /v1/members/\(id)/access-log")
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let span = try Span(from: input.query.from, to: input.query.to)
        let context = self.context
        let reads = try await blocking {
            try GrantService(context: context).reads(member: id, from: span.from, to: span.to, offset: paging.offset,
                                                     limit: paging.limit + 1)
        }
        let next = reads.count > paging.limit ? paging.offset + paging.limit : nil
        return .ok(.init(body: .json(.init(items: reads.prefix(paging.limit).map {
            .init(time: $0.time.date, verifier: $0.verifier, grant: $0.grant, resource: $0.resource)
        }, offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        try gate.authorize(AccessTarget(.users, of: .park), resource: "GET /v1/users")
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let context = self.context
        let span = try Span(from: input.query.from, to: input.query.to)
        let users = try await blocking { try AccessService(context: context).users() }
            .filter { span.from <= $0.createdAt && $0.createdAt < span.to }
        let (items, next) = paging.page(users)
        return .ok(.init(body: .json(.init(items: items.map(Self.user), offset: paging.offset, limit: paging.limit,
                                           nextOffset: next))))
    }

    func revokeUser(_ input: Operations.RevokeUser.Input) async throws -> Operations.RevokeUser.Output {
        try gate.authorize(AccessTarget(.users, of: .park, write: true), resource: "DELETE /v1/users")
        let context = self.context, id = input.path.user
        let user = try await blocking { try AccessService(context: context).revoke(id: id) }
        return .ok(.init(body: .json(Self.user(user))))
    }

    static func grant(_ g: AccessGrant) -> Components.Schemas.Grant {
        .init(id: g.id, member: g.member, verifier: g.verifier,
              scopes: g.scopes.sorted().compactMap { .init(rawValue: $0.rawValue) }, from: g.createdAt.date,
              until: g.until.date, revokedAt: g.revokedAt?.date)
    }

    static func user(_ u: UserRecord) -> Components.Schemas.User {
        .init(id: u.id, name: u.name, role: .init(rawValue: u.role.rawValue)!, subject: u.subject,
              createdAt: u.createdAt.date, expiresAt: u.expiresAt?.date, revokedAt: u.revokedAt?.date)
    }
}
