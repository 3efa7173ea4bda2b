import Foundation
import GreenParkCore
import GreenParkServices
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// The API on a three-member park: answers, tenants, problems, limits (docs/server.md).
@Suite("Park server: API answers, tenants and problems")
struct ParkServerTests {
    @Test("health needs no token; the API needs one: none 401, unknown 401, expired 401, revoked 401")
    func authentication() async throws {
        var fixture = try ServerFixture()
        fixture.tokens["nobody"] = "gp_" + String(repeating: "0", count: 64)
        let later = fixture.at(ServerFixture.now.adding(seconds: 1))  // the expiring token's end
        let tokens = fixture.tokens
        try await fixture.test(context: later) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/park", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.json["code"] as? String == "auth.missing")
            }
            for (who, code) in [("nobody", "auth.unknown-token"), ("expiring", "auth.expired-token"),
                                ("revoked", "auth.revoked-token")] {
                try await client.execute(uri: "/v1/park", method: .get,
                                         headers: [.authorization: "Bearer \(tokens[who]!)"]) { response in
                    #expect(response.status == .unauthorized, "\(who)")
                    #expect(response.json["code"] as? String == code)
                }
            }
            try await client.execute(uri: "/v1/park", method: .get,
                                     headers: [.authorization: "Bearer \(tokens["a"]!)"]) { response in
                #expect(response.status == .ok)
                #expect(response.json["members"] as? Int == 3)
            }
        }
    }

    @Test("a's June: 24,276 Wh load, 6,885 Wh green; pv's 24,000 Wh shared pro rata by hour")
    func memberSummary() async throws {
        // Hours 2-9: pv 3,000 Wh; loads a = 1,000 + h, b = 2,000, c = 500. a's share in hour h is
        // 3,000 x (1,000 + h) / (3,500 + h), floors 858 + 858 + 859 + 860 + 860 + 861 + 862 + 862 = 6,880,
        // and the Wh left after the floors go to the largest remainders: a has one of them in hours
        // 2, 3, 4, 6 and 9 (remainders .367, .978, .589, .81, .639), so 6,885 Wh.
        // a's load: 24 x 1,000 + (0 + 1 + ... + 23) = 24,276 Wh.
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/members/a/summary?month=2023-06", method: .get,
                                     headers: fixture.bearer("a")) { response in
                #expect(response.status == .ok)
                #expect(response.json["consumption_wh"] as? Int == 24_276)
                #expect(response.json["allocated_wh"] as? Int == 6_885)
                #expect(response.json["grid_import_wh"] as? Int == 24_276 - 6_885)
            }
            try await client.execute(uri: "/v1/park/summary?month=2023-06", method: .get,
                                     headers: fixture.bearer("a")) { response in
                #expect(response.status == .ok)
                #expect(response.json["generation_wh"] as? Int == 24_000)
                #expect(response.json["contributors"] as? Int == 3)
            }
            try await client.execute(uri: "/v1/members/a/report?period=2023-06&lang=zh", method: .get,
                                     headers: fixture.bearer("a")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("Member A") && !response.text.contains("Member B"))
            }
            try await client.execute(uri: "/v1/members/a/summary?month=2023-13", method: .get,
                                     headers: fixture.bearer("a")) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["code"] as? String == "request.month")
            }
        }
    }

    @Test("park totals: hidden from members when fewer than 3 members contribute, shown to the operator")
    func aggregates() async throws {
        // c's meter reads nothing: only a and b contribute.
        let fixture = try ServerFixture(readings: try ServerFixture.twoContributors())
        try await fixture.test { client in
            for who in ["a", "tuv", "pv"] {
                try await client.execute(uri: "/v1/park/summary?month=2023-06", method: .get,
                                         headers: fixture.bearer(who)) { #expect($0.status == .notFound, "\(who)") }
            }
            try await client.execute(uri: "/v1/park/summary?month=2023-06", method: .get,
                                     headers: fixture.bearer("operator")) { response in
                #expect(response.status == .ok)
                #expect(response.json["contributors"] as? Int == 2)
            }
        }
    }

    @Test("unknown routes and methods answer problem+json; /openapi.json is the spec with every route")
    func routes() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/nothing", method: .get,
                headers: fixture.bearer("operator")) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["openapi"] as? String == "3.1.0")
                let paths = response.json["paths"] as? [String: Any] ?? [:]
                #expect(paths.count == 24)  // 26 operations; /v1/readings and /v1/grants have two each
                #expect(paths["/v1/readings"] != nil && paths["/v1/members/{member}/summary"] != nil)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.text.contains("greenpark_readings_ingested_total"))
            }
        }
    }

    @Test("lists page: limit and offset, next_offset until the last page; a bad page is 400")
    func paging() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/members?limit=2", method: .get, headers: fixture.bearer("operator")) {
                #expect(($0.json["items"] as? [Any])?.count == 2 && $0.json["next_offset"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/members?offset=2&limit=2", method: .get,
                                     headers: fixture.bearer("operator")) { response in
                #expect((response.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["c"])
                #expect(response.json["next_offset"] == nil)
            }
            try await client.execute(uri: "/v1/members?limit=0", method: .get, headers: fixture.bearer("operator")) {
                #expect($0.status == .badRequest)
            }
            // Grants in force in [from, to): the fixture's ends a day after "now".
            try await client.execute(uri: "/v1/grants?from=2026-06-03T00:00:00Z", method: .get,
                                     headers: fixture.bearer("operator")) {
                #expect(($0.json["items"] as? [Any])?.count == 0)
            }
            try await client.execute(uri: "/v1/grants?from=2026-06-01T12:00:00Z&to=2026-06-01T13:00:00Z", method: .get,
                                     headers: fixture.bearer("operator")) {
                #expect(($0.json["items"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("ids that try SQL are only ids that do not exist: 404, and the store is unchanged")
    func injection() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.database.contents()
        try await fixture.test { client in
            for uri in ["/v1/members/a'%20OR%20'1'='1/summary?month=2023-06",
                        "/v1/readings?meter=a1'%20OR%201=1--&from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z",
                        "/v1/certificates?owner=a';DROP%20TABLE%20app_user;--"] {
                try await client.execute(uri: uri, method: .get, headers: fixture.bearer("operator")) { response in
                    #expect(response.status == .notFound || response.status == .badRequest, "\(uri)")
                }
            }
        }
        #expect(try fixture.database.contents() == before)
    }
}
