import Foundation
import GreenParkCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// Every member-scoped endpoint x every role x own and other tenant: what is another's answers
/// 404 exactly as what does not exist; a verifier reads only what a was granted (reports) and
/// never writes. Expected: 2xx where the policy allows, else the status given.
@Suite("Security matrix: endpoints x roles x tenants")
struct SecurityMatrixTests {
    struct Endpoint: Sendable {
        let name: String
        let method: HTTPRequest.Method
        /// The request for tenant (member) `m`.
        let uri: @Sendable (String) -> String
        let body: @Sendable (String) -> String?
        let contentType: String?
        /// The data kind, for which roles may see it.
        let kind: AccessTarget.Kind
        var write: Bool { method != .get }
    }

    static let day = "from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z"
    static let endpoints: [Endpoint] = [
        .init(name: "member", method: .get, uri: { "/v1/members/\($0)" }, body: { _ in nil }, contentType: nil,
              kind: .member),
        .init(name: "summary", method: .get, uri: { "/v1/members/\($0)/summary?month=2023-06" }, body: { _ in nil },
              contentType: nil, kind: .reports),
        .init(name: "report", method: .get, uri: { "/v1/members/\($0)/report?period=2023-06" }, body: { _ in nil },
              contentType: nil, kind: .reports),
        .init(name: "invoices", method: .get, uri: { "/v1/members/\($0)/invoices?month=2023-06" }, body: { _ in nil },
              contentType: nil, kind: .invoices),
        .init(name: "evidence", method: .get, uri: { "/v1/members/\($0)/evidence?\(day)" }, body: { _ in nil },
              contentType: nil, kind: .evidence),
        .init(name: "access log", method: .get, uri: { "/v1/members/\($0)/access-log" }, body: { _ in nil },
              contentType: nil, kind: .grants),
        .init(name: "readings", method: .get, uri: { "/v1/readings?meter=\($0)1&\(day)" }, body: { _ in nil },
              contentType: nil, kind: .readings),
        .init(name: "certificates", method: .get, uri: { "/v1/certificates?owner=\($0)" }, body: { _ in nil },
              contentType: nil, kind: .certificates),
        .init(name: "ingest", method: .post, uri: { _ in "/v1/readings" },
              body: { "meter_id,interval_start,energy_wh\n\($0)1,2023-06-02T00:00:00Z,7\n" }, contentType: "text/csv",
              kind: .readings),
        .init(name: "transfer", method: .post, uri: { _ in "/v1/certificates/transfer" },
              body: { m in
                  // Hour 2's serials go to a first (its 859), then to b.
                  let id = m == "a" ? "GC-three-park-pv-0000000001" : "GC-three-park-pv-0000000861"
                  return #"{"first_id":"\#(id)","last_id":"\#(id)","from":"\#(m)","to":"c"}"#
              }, contentType: "application/json", kind: .certificates),
        .init(name: "redeem", method: .post, uri: { _ in "/v1/certificates/redeem" },
              body: { #"{"member":"\#($0)","from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z"}"# },
              contentType: "application/json", kind: .certificates),
        .init(name: "grant", method: .post, uri: { _ in "/v1/grants" },
              body: { #"{"member":"\#($0)","verifier":"kiwa","until":"2026-07-01T00:00:00Z","scopes":["reports"]}"# },
              contentType: "application/json", kind: .grants),
    ]

    /// What `role` gets on `endpoint` of member `tenant`: nil for 2xx, else the refusal's status.
    static func expected(_ who: String, _ endpoint: Endpoint, tenant: String) -> HTTPResponse.Status? {
        switch who {
        case "operator": return nil
        case "a", "b": return who == tenant ? nil : .notFound
        case "tuv", "sgs":
            if endpoint.name == "ingest" { return .forbidden }
            if endpoint.write, who == "tuv", tenant == "a", endpoint.kind == .reports { return .forbidden }
            return who == "tuv" && tenant == "a" && endpoint.kind == .reports ? nil : .notFound
        default: return .notFound  // the generator: no member's data
        }
    }

    @Test("12 member-scoped endpoints x 6 principals x 2 tenants", arguments: ["operator", "a", "b", "pv", "tuv",
        "sgs"])
    func matrix(who: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for endpoint in Self.endpoints {
                for tenant in ["a", "b"] {
                    var headers = fixture.bearer(who)
                    if let type = endpoint.contentType { headers[.contentType] = type }
                    let body = endpoint.body(tenant).map { ByteBuffer(string: $0) }
                    try await client.execute(uri: endpoint.uri(tenant), method: endpoint.method, headers: headers,
                                             body: body) { response in
                        let case_ = "\(who) \(endpoint.name) of \(tenant): \(response.status) \(response.text.prefix(300))"
                        if let refusal = Self.expected(who, endpoint, tenant: tenant) {
                            #expect(response.status == refusal, "\(case_)")
                            #expect(response.headers[.contentType] == "application/problem+json", "\(case_)")
                            if refusal == .notFound {
                                // The same answer as for what does not exist.
                                #expect(response.json["code"] as? String != nil, "\(case_)")
                            }
                        } else {
                            #expect((200..<300).contains(response.status.code), "\(case_)")
                        }
                    }
                }
            }
        }
    }

    @Test("a 404 for another member's data is byte for byte the 404 for a member that does not exist")
    func noExistenceLeak() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var bodies: [String] = []
            for member in ["b", "nobody"] {
                try await client.execute(uri: "/v1/members/\(member)/summary?month=2023-06", method: .get,
                                         headers: fixture.bearer("a")) { response in
                    #expect(response.status == .notFound)
                    bodies.append(response.text)
                }
            }
            #expect(bodies[0] == bodies[1])
        }
    }

    @Test("park-level endpoints: the operator's stay the operator's; lists show each only its own")
    func parkLevel() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for uri in ["/v1/allocations", "/v1/ledger/entries", "/v1/users", "/v1/settlements?month=2023-06"] {
                for who in ["a", "pv", "tuv"] {
                    try await client.execute(uri: uri, method: .get, headers: fixture.bearer(who)) {
                        #expect($0.status == .notFound, "\(who) \(uri)")
                    }
                }
                try await client.execute(uri: uri, method: .get, headers: fixture.bearer("operator")) {
                    #expect($0.status == .ok, "\(uri)")
                }
            }
            func ids(_ uri: String, _ who: String) async throws -> [String] {
                var out: [String] = []
                try await client.execute(uri: uri, method: .get, headers: fixture.bearer(who)) { response in
                    out = (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                }
                return out
            }
            #expect(try await ids("/v1/members", "operator") == ["a", "b", "c"])
            #expect(try await ids("/v1/members", "a") == ["a"])
            #expect(try await ids("/v1/members", "pv") == [])
            #expect(try await ids("/v1/meters", "pv") == ["pv1"])
            #expect(try await ids("/v1/meters", "b") == ["b1"])
            #expect(try await ids("/v1/meters", "tuv") == [])  // a granted reports, not readings
            for who in ["operator", "a", "pv", "tuv"] {
                try await client.execute(uri: "/v1/ledger/verify", method: .get, headers: fixture.bearer(who)) {
                    #expect($0.status == .ok, "\(who)")
                }
            }
            // Revoking users is the operator's.
            try await client.execute(uri: "/v1/users/2", method: .delete, headers: fixture.bearer("a")) {
                #expect($0.status == .notFound)
            }
        }
    }
}
