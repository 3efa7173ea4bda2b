import GreenParkCore
import GreenParkServices
import NIOPosix
import Prometheus

/// Where handlers ask the one policy (``AccessPolicy``): who is calling (401 when nobody
/// signed in), may it do this (404 hidden, 403 forbidden), and the log of verifiers' reads,
/// written before the data is served.
struct Gate: Sendable {
    let context: ParkContext
    /// Counts verifiers' reads (`greenpark_verifier_reads_total`).
    let reads: Prometheus.Counter

    /// The signed-in principal of the current request, or 401.
    func principal() throws -> Principal {
        guard let principal = ServerRequestContext.current?.principal else {
            throw Problem(.unauthorized, "auth.missing", "sign in: send Authorization: Bearer <token>")
        }
        return principal
    }

    /// The policy as of now (grants read from the ledger).
    func policy() throws -> AccessPolicy {
        AccessPolicy(grants: try GrantService(context: context).grants(), now: context.now())
    }

    /// The principal, if it may do `target`; logs a verifier's read as `resource`.
    @discardableResult
    func authorize(_ target: AccessTarget, resource: String) throws -> Principal {
        let principal = try principal()
        switch try decide(principal, target, policy: policy(), resource: resource) {
        case .allow, .allowLogged:
            return principal
        case .hidden:
            throw Problem.notFound
        case .forbidden:
            throw Problem(.forbidden, "access.read-only", "a verifier may read what it was granted, not change it")
        }
    }

    /// Whether `principal` may see `target` (filtering a list, a part of a page); a
    /// verifier's read under a grant is logged as `resource`.
    func allows(_ principal: Principal, _ target: AccessTarget, policy: AccessPolicy, resource: String) throws -> Bool {
        try decide(principal, target, policy: policy, resource: resource).isAllowed
    }

    /// The policy's decision, with a verifier's read under a grant logged (before anything is served).
    private func decide(_ principal: Principal, _ target: AccessTarget, policy: AccessPolicy,
                        resource: String) throws -> AccessDecision {
        let decision = policy.decide(principal, target)
        if case .allowLogged(let grant, let member) = decision {
            try GrantService(context: context).logRead(verifier: principal.subject ?? "", member: member, grant: grant,
                                                       resource: resource)
            reads.increment()
        }
        return decision
    }
}

/// Runs blocking store work on NIO's thread pool, off the event loops.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive { try body() }
}
