import Testing

@testable import GreenParkCore

/// The one access policy (docs/server.md): each rule with a case that allows and one that refuses.
@Suite("Access policy: roles, tenants, grants, aggregates")
struct AccessPolicyTests {
    static let now = Timestamp(CivilDate(year: 2026, month: 6, day: 1))
    let op = try! Principal(userId: 1, name: "ops", role: .operator, subject: nil)
    let a = try! Principal(userId: 2, name: "a", role: .member, subject: "a")
    let pv = try! Principal(userId: 3, name: "pv", role: .generator, subject: "pv")
    let tuv = try! Principal(userId: 4, name: "tuv", role: .verifier, subject: "tuv")

    func grant(id: Int64 = 7, member: String = "a", verifier: String = "tuv", scopes: Set<GrantScope> = [.reports],
               days: Int64 = 30, revokedAt: Timestamp? = nil) throws -> AccessGrant {
        try AccessGrant(id: id, member: member, verifier: verifier, scopes: scopes,
                        createdAt: Self.now.adding(seconds: -86_400), until: Self.now.adding(seconds: days * 86_400),
                        revokedAt: revokedAt)
    }

    @Test("the operator may do everything; a member only its own data, never users or the ledger's entries")
    func members() {
        let policy = AccessPolicy(grants: [], now: Self.now)
        for kind in AccessTarget.Kind.allCases {
            #expect(policy.decide(op, AccessTarget(kind, of: .member("b"), write: true)) == .allow)
        }
        #expect(policy.decide(a, AccessTarget(.readings, of: .member("a"))) == .allow)
        #expect(policy.decide(a, AccessTarget(.readings, of: .member("a"), write: true)) == .allow)
        #expect(policy.decide(a, AccessTarget(.readings, of: .member("b"))) == .hidden)
        #expect(policy.decide(a, AccessTarget(.certificates, of: .generator("pv"))) == .hidden)
        #expect(policy.decide(a, AccessTarget(.users, of: .park)) == .hidden)
        #expect(policy.decide(a, AccessTarget(.ledger, of: .park)) == .hidden)
        #expect(policy.decide(a, AccessTarget(.park, of: .park)) == .allow)
        #expect(policy.decide(a, AccessTarget(.park, of: .park, write: true)) == .hidden)
    }

    @Test("a generator: its own meters, readings, certificates, invoices and reports; no member's data")
    func generators() {
        let policy = AccessPolicy(grants: [], now: Self.now)
        #expect(policy.decide(pv, AccessTarget(.certificates, of: .generator("pv"))) == .allow)
        #expect(policy.decide(pv, AccessTarget(.readings, of: .generator("pv"), write: true)) == .allow)
        #expect(policy.decide(pv, AccessTarget(.certificates, of: .generator("wind"))) == .hidden)
        #expect(policy.decide(pv, AccessTarget(.reports, of: .member("a"))) == .hidden)
        #expect(policy.decide(pv, AccessTarget(.evidence, of: .generator("pv"))) == .hidden)
        #expect(policy.decide(pv, AccessTarget(.grants, of: .generator("pv"))) == .hidden)
    }

    @Test("a verifier reads only what a member granted, logged; writes are 403; no grant, ended or revoked: 404")
    func verifiers() throws {
        let policy = AccessPolicy(grants: [try grant()], now: Self.now)
        #expect(policy.decide(tuv, AccessTarget(.reports, of: .member("a"))) == .allowLogged(grant: 7, member: "a"))
        #expect(policy.decide(tuv, AccessTarget(.allocations, of: .member("a"))) == .allowLogged(grant: 7, member: "a"))
        #expect(policy.decide(tuv, AccessTarget(.reports, of: .member("a"), write: true)) == .forbidden)
        #expect(policy.decide(tuv, AccessTarget(.evidence, of: .member("a"))) == .hidden)  // not in the scope
        #expect(policy.decide(tuv, AccessTarget(.grants, of: .member("a"))) == .hidden)  // nor a's access log
        #expect(policy.decide(tuv, AccessTarget(.reports, of: .member("b"))) == .hidden)   // b granted nothing
        let other = try Principal(userId: 5, name: "sgs", role: .verifier, subject: "sgs")
        #expect(policy.decide(other, AccessTarget(.reports, of: .member("a"))) == .hidden)
        let ended = AccessPolicy(grants: [try grant(days: 0)], now: Self.now)  // until == now: over
        #expect(ended.decide(tuv, AccessTarget(.reports, of: .member("a"))) == .hidden)
        let revoked = AccessPolicy(grants: [try grant(revokedAt: Self.now)], now: Self.now)
        #expect(revoked.decide(tuv, AccessTarget(.reports, of: .member("a"))) == .hidden)
        let later = AccessPolicy(grants: [try grant(revokedAt: Self.now.adding(seconds: 1))], now: Self.now)
        #expect(later.decide(tuv, AccessTarget(.reports, of: .member("a"))) == .allowLogged(grant: 7, member: "a"))
    }

    @Test("park totals reach members only from 3 contributing members on; the operator always")
    func aggregates() {
        let policy = AccessPolicy(grants: [], now: Self.now)
        #expect(policy.aggregate(a, contributors: 2) == .hidden)
        #expect(policy.aggregate(a, contributors: 3) == .allow)
        #expect(policy.aggregate(tuv, contributors: 2) == .hidden)
        #expect(policy.aggregate(op, contributors: 1) == .allow)
    }

    @Test("grants on the ledger: made by a grant entry (id = its sequence), ended by a revoke entry")
    func grantsFromLedger() throws {
        let key = OperatorKey()
        var head = LedgerAppender.Head.empty
        let g = try grant(id: 0, scopes: [.reports, .evidence])
        let made = try LedgerAppender(key: key).append([g.ledgerEvent], at: Self.now, after: &head)
        let grants = AccessGrant.fromLedger(made)
        #expect(grants.count == 1)
        #expect(grants[0].id == 0 && grants[0].member == "a" && grants[0].scopes == [.reports, .evidence])
        #expect(grants[0].until == g.until && grants[0].revokedAt == nil)
        let revocation = try LedgerAppender(key: key).append([grants[0].revocationEvent(at: Self.now)], at: Self.now,
                                                            after: &head)
        let after = AccessGrant.fromLedger(made + revocation)
        #expect(after.count == 1 && after[0].revokedAt == Self.now)
        // A revocation naming no grant changes nothing.
        let stray = try AccessGrant(id: 99, member: "b", verifier: "x", scopes: [.reports], createdAt: Self.now,
                                    until: Self.now.adding(seconds: 10))
        let strayEntries = try LedgerAppender(key: key).append([stray.revocationEvent(at: Self.now)], at: Self.now,
                                                              after: &head)
        #expect(AccessGrant.fromLedger(made + strayEntries).map(\.revokedAt) == [nil])
    }

    @Test("bad grants and users are refused with access codes")
    func refusals() throws {
        #expect(throws: AccessProblem.self) { try grant(scopes: []) }
        #expect(throws: AccessProblem.self) {
            try AccessGrant(member: "a", verifier: "t", scopes: [.reports], createdAt: Self.now, until: Self.now)
        }
        #expect(throws: AccessProblem.self) { try grant(member: "a b") }
        #expect(throws: AccessProblem.self) { try Principal(userId: 1, name: "x", role: .operator, subject: "a") }
        #expect(throws: AccessProblem.self) { try Principal(userId: 1, name: "x", role: .member, subject: nil) }
        #expect(throws: AccessProblem.self) {
            try Principal(userId: 1, name: "x", role: .member, subject: String(repeating: "m", count: 65))
        }
        if case .failure(let problem) = GrantScope.parse("reports,secrets") { #expect(problem.code
            == "access.bad-grant") } else {
            Issue.record("an unknown scope was accepted")
        }
        #expect(try GrantScope.parse("reports, evidence").get() == [.reports, .evidence])
    }

    @Test("tokens: 32 random bytes as gp_ + 64 hex; stored as SHA-256; compared in full")
    func tokens() {
        let token = ApiToken.make(randomBytes: Array(repeating: 0xab, count: 32))
        #expect(token == "gp_" + String(repeating: "ab", count: 32))
        // SHA-256("abc") is the FIPS 180-2 example.
        #expect(ApiToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ApiToken.matches(token, hash: ApiToken.hash(token)))
        #expect(!ApiToken.matches(token + "x", hash: ApiToken.hash(token)))
        #expect(!ApiToken.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!ApiToken.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        let user = UserRecord(id: 1, name: "a", role: .member, subject: "a", tokenHash: "", createdAt: Self.now,
                              expiresAt: Self.now.adding(seconds: 60), revokedAt: nil)
        #expect(user.refusal(at: Self.now) == nil)
        #expect(user.refusal(at: Self.now.adding(seconds: 60)) == .expired)
    }
}
