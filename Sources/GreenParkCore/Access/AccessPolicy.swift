/// The one place that decides who may read or change what (docs/server.md):
///
/// - the **operator** may do everything;
/// - a **member** may read and change its own data (meters, readings, allocations,
///   certificates, invoices, reports, evidence, its grants), nothing of another member's;
/// - a **generator** its own devices' meters, readings, certificates, statements and reports;
/// - a **verifier** may only read, and only what a member granted it, for the granted
///   scopes, until the grant ends or is revoked; each such read is logged
///   (``AccessDecision/allowLogged(grant:member:)``);
///   never a member's grants or its access log (the grants list shows it its own: ``canSee(_:grant:)``);
/// - the park's description is readable by every signed-in user; park-level aggregates only
///   when at least ``minimumContributors`` members contribute (``aggregate(_:contributors:)``),
///   so no member's load can be inferred from a total;
/// - users and the ledger's entries are the operator's; anyone signed in may verify the ledger.
///
/// Whatever is refused is ``AccessDecision/hidden`` (404), so that existence does not leak;
/// only a verifier writing data it may read is ``AccessDecision/forbidden`` (403).
public struct AccessPolicy: Sendable {
    /// Every grant made (revoked and ended ones too: the policy checks when each holds).
    public let grants: [AccessGrant]
    /// The instant decisions are made at (grants and tokens are judged at it).
    public let now: Timestamp
    /// Park totals reach anybody but the operator only from this many contributing members on.
    public static let minimumContributors = 3

    /// The policy with the park's grants, at `now`.
    public init(grants: [AccessGrant], now: Timestamp) {
        self.grants = grants
        self.now = now
    }

    /// The decision for `principal` on `target`.
    public func decide(_ principal: Principal, _ target: AccessTarget) -> AccessDecision {
        switch principal.role {
        case .operator:
            return .allow
        case .member:
            if target.kind == .park { return target.isWrite ? .hidden : .allow }
            if target.kind == .users || target.kind == .ledger { return .hidden }
            return target.owner == .member(principal.subject ?? "") ? .allow : .hidden
        case .generator:
            if target.kind == .park { return target.isWrite ? .hidden : .allow }
            let own: Set<AccessTarget.Kind> = [.meters, .readings, .certificates, .invoices, .reports]
            return own.contains(target.kind) && target.owner == .generator(principal.subject ?? "") ? .allow : .hidden
        case .verifier:
            return decideVerifier(principal.subject ?? "", target)
        }
    }

    private func decideVerifier(_ verifier: String, _ target: AccessTarget) -> AccessDecision {
        if target.kind == .park { return target.isWrite ? .hidden : .allow }
        guard case .member(let member) = target.owner, let scope = target.scope,
              let grant = activeGrant(verifier: verifier, member: member, scope: scope) else { return .hidden }
        return target.isWrite ? .forbidden : .allowLogged(grant: grant.id, member: member)
    }

    /// The grant that lets `verifier` read `scope` of `member` now, if any.
    public func activeGrant(verifier: String, member: String, scope: GrantScope) -> AccessGrant? {
        grants.last { $0.verifier == verifier && $0.member == member && $0.allows(scope, at: now) }
    }

    /// Whether `principal` may see a park-level total to which `contributors` members
    /// contribute: the operator always, anybody else only from ``minimumContributors`` on.
    public func aggregate(_ principal: Principal, contributors: Int) -> AccessDecision {
        principal.role == .operator || contributors >= Self.minimumContributors ? .allow : .hidden
    }

    /// Whether `principal` may see grant `grant`: the operator, its member, its verifier.
    public func canSee(_ principal: Principal, grant: AccessGrant) -> Bool {
        switch principal.role {
        case .operator: true
        case .member: principal.subject == grant.member
        case .verifier: principal.subject == grant.verifier
        case .generator: false
        }
    }
}
