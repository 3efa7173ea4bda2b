import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// What a hostile or careless caller tried in review, each answered as docs/server.md says.
@Suite("Server hardening: leaks, limits and races found in review")
struct HardeningTests {
    func json(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ who: String, _ method: HTTPRequest.Method,
              _ uri: String, _ body: String? = nil, headers extra: HTTPFields = [:])
        async throws -> (status: HTTPResponse.Status, json: [String: Any], text: String) {
        var headers = fixture.bearer(who)
        if body != nil { headers[.contentType] = "application/json" }
        for field in extra { headers[field.name] = field.value }
        var result: (HTTPResponse.Status, [String: Any], String) = (.ok, [:], "")
        try await client.execute(uri: uri, method: method, headers: headers,
            body: body.map { ByteBuffer(string: $0) }) {
            result = ($0.status, $0.json, $0.text)
        }
        return result
    }

    @Test("JSON batches: 0 and 1 Wh are readings; kWh digit for digit; an id that would be a CSV comment is refused")
    func jsonValues() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let zeros = #"[{"meter_id":"a1","interval_start":"2023-06-02T00:00:00Z","energy_wh":0},"#
                + #"{"meter_id":"a1","interval_start":"2023-06-02T01:00:00Z","energy_wh":1}]"#
            #expect(try await json(client, fixture, "a", .post, "/v1/readings", zeros).status == .created)
            // 0.00050000000000000000001 kWh = 0.50000000000000000001 Wh: just above half, so 1 Wh;
            // through a Double it would be 0.5 and round to even, 0.
            let tiny = #"[{"meter_id":"a1","interval_start":"2023-06-02T02:00:00Z","energy_kwh":0.00050000000000000000001}]"#
            let (status, answer, _) = try await json(client, fixture, "a", .post, "/v1/readings", tiny)
            #expect(status == .created)
            #expect(answer["rounded"] as? Int == 1)
            let day = "/v1/readings?meter=a1&from=2023-06-02T00:00:00Z&to=2023-06-02T03:00:00Z"
            let items = try await json(client, fixture, "a", .get, day).json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["energy_wh"] as? Int } == [0, 1, 1])
            let comment = ##"[{"meter_id":"#b1","interval_start":"2023-06-02T05:00:00Z","energy_wh":5},"##
                + ##"{"meter_id":"a1","interval_start":"2023-06-02T06:00:00Z","energy_wh":7}]"##
            let refused = try await json(client, fixture, "a", .post, "/v1/readings", comment)
            #expect(refused.status == .badRequest)
            #expect((refused.json["issues"] as? [[String: Any]])?.first?["line"] as? Int == 1)
            for bad in [#"[{"meter_id":"a1","interval_start":"2023-06-02T07:00:00Z","energy_wh":true}]"#,
                        #"[{"meter_id":"a1","interval_start":"2023-06-02T07:00:00Z","energy_wh":1e30}]"#,
                        #"[{"meter_id":"a1","interval_start":"2023-06-02T07:00:00Z","energy_wh":9223372036854775808}]"#] {
                #expect(try await json(client, fixture, "a", .post, "/v1/readings", bad).status == .badRequest,
                    "\(bad)")
            }
        }
    }

    @Test("transfer: another's certificates, unknown ids and unknown recipients all answer the same 404; the count is certificates")
    func transferLeaks() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func transfer(_ first: String, _ last: String, from: String = "a", to: String = "c")
                async throws -> (status: HTTPResponse.Status, json: [String: Any], text: String) {
                try await json(client, fixture, "a", .post, "/v1/certificates/transfer",
                               #"{"first_id":"\#(first)","last_id":"\#(last)","from":"\#(from)","to":"\#(to)"}"#)
            }
            let b = try await transfer("GC-three-park-pv-0000000861", "GC-three-park-pv-0000000861")  // b's
            let none = try await transfer("GC-three-park-pv-0099999999", "GC-three-park-pv-0099999999")
            let nobody = try await transfer("GC-three-park-pv-0000000001", "GC-three-park-pv-0000000001", to: "zz")
            #expect(b.status == .notFound && none.status == .notFound && nobody.status == .notFound)
            #expect(b.text == none.text && none.text == nobody.text)
            // a's first 200 serials of hour 2 are a's (it holds 859 of them).
            let moved = try await transfer("GC-three-park-pv-0000000001", "GC-three-park-pv-0000000200")
            #expect(moved.status == .ok)
            #expect(moved.json["count"] as? Int == 200)
        }
    }

    @Test("evidence: with 2 contributing members only the operator gets a pack; missing data names no meter")
    func evidenceLeaks() async throws {
        let fixture = try ServerFixture(readings: try ServerFixture.twoContributors())
        let day = "from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z"
        try await fixture.test { client in
            let member = try await json(client, fixture, "a", .get, "/v1/members/a/evidence?\(day)")
            #expect(member.status == .conflict)
            #expect(member.json["code"] as? String == "evidence.too-few-members")
            #expect(try await json(client, fixture, "operator", .get, "/v1/members/a/evidence?\(day)").status == .ok)
            let gap = try await json(client, fixture, "a", .get,
                                     "/v1/members/a/evidence?from=2023-06-09T00:00:00Z&to=2023-06-09T02:00:00Z")
            #expect(gap.status == .conflict)
            #expect(!gap.text.contains("b1") && !gap.text.contains("pv1"))
        }
    }

    @Test("bytes imported before that name another's meters: 404, not an acknowledgement")
    func replayOfForeignBytes() async throws {
        let fixture = try ServerFixture()
        let bytes = try String(contentsOf: ServerFixture.directory.appendingPathComponent("readings.csv"),
            encoding: .utf8)
        try await fixture.test { client in
            var headers = fixture.bearer("a")
            headers[.contentType] = "text/csv"
            try await client.execute(uri: "/v1/readings", method: .post, headers: headers,
                                     body: ByteBuffer(string: bytes)) { #expect($0.status == .notFound) }
            headers = fixture.bearer("operator")
            headers[.contentType] = "text/csv"
            try await client.execute(uri: "/v1/readings", method: .post, headers: headers,
                                     body: ByteBuffer(string: bytes)) { #expect($0.status == .ok) }  // replayed
        }
    }

    @Test("huge offsets are 400, not a crash; a bad period is not written into the access log")
    func bounds() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let huge = try await json(client, fixture, "operator", .get,
                "/v1/ledger/entries?offset=9223372036854775807")
            #expect(huge.status == .badRequest)
            #expect(try await json(client, fixture, "operator", .get, "/v1/park").status == .ok)
            let odd = try await json(client, fixture, "tuv", .get, "/v1/members/a/report?period=I%20was%20here")
            #expect(odd.status == .badRequest)
            let log = try await json(client, fixture, "a", .get, "/v1/members/a/access-log")
            #expect((log.json["items"] as? [Any])?.count == 0)
        }
    }

    @Test("one Idempotency-Key, ten batches at once: one stored, the others refused; nothing stored twice")
    func idempotencyRace() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for k in 0..<10 {
                    group.addTask {
                        var headers = fixture.bearer("a")
                        headers[.contentType] = "text/csv"
                        headers[HTTPField.Name("Idempotency-Key")!] = "race"
                        var status = HTTPResponse.Status.ok
                        try await client.execute(uri: "/v1/readings", method: .post, headers: headers,
                                                 body: ByteBuffer(string: "meter_id,interval_start,energy_wh\n"
                                                                  + "a1,2023-06-03T0\(k):00:00Z,5\n")) { status = $0.status }
                        return status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .unprocessableContent }.count == 9)
        }
        let stored = try fixture.context.stores.readings.imports().filter { $0.fileName == "batch.csv" }
        #expect(stored.count == 1)
    }

    @Test("the rate limit counts unknown tokens too, and their flood does not hold up a valid token")
    func rateLimitKeys() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(Self.stoppedClock(ServerConfiguration(ratePerSecond: 1, rateBurst: 3))) { client in
            // A burst of 3, then 1 a second: requests in a row meet a 429 after the third (a few
            // more when the machine is slow and the bucket refills meanwhile).
            var statuses: [HTTPResponse.Status] = []
            while statuses.count < 20, statuses.last != .tooManyRequests {
                try await client.execute(uri: "/v1/park", method: .get,
                                         headers: [.authorization: "Bearer gp_guess"]) { statuses.append($0.status) }
            }
            #expect(statuses.prefix(3) == [.unauthorized, .unauthorized, .unauthorized])
            #expect(statuses.last == .tooManyRequests)
            #expect(try await json(client, fixture, "a", .get, "/v1/park").status == .ok)
            // The scheme in any case (RFC 9110).
            try await client.execute(uri: "/v1/park", method: .get,
                                     headers: [.authorization: "bearer \(fixture.tokens["b"]!)"]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("the dashboard's cookie changes nothing under /v1 without the session's X-CSRF-Token")
    func cookieCSRF() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var cookie = ""
            try await client.execute(uri: "/login", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "token=\(fixture.tokens["a"]!)&lang=en")) {
                cookie = String(($0.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            var csrf = ""
            try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: cookie]) { response in
                if let range = response.text.range(of: "name=\"csrf\" value=\"") {
                    csrf = String(response.text[range.upperBound...].prefix(64))
                }
            }
            let grant = #"{"member":"a","verifier":"evil","until":"2026-06-02T00:00:00Z","scopes":["readings"]}"#
            var headers: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
            try await client.execute(uri: "/v1/grants", method: .post, headers: headers,
                                     body: ByteBuffer(string: grant)) { #expect($0.status == .forbidden) }
            headers[HTTPField.Name("X-CSRF-Token")!] = csrf
            try await client.execute(uri: "/v1/grants", method: .post, headers: headers,
                                     body: ByteBuffer(string: grant)) { #expect($0.status == .created) }
        }
    }

    @Test("the overview lists the members the caller may see; a verifier's member page shows only its scopes, logged")
    func dashboardParts() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func page(_ who: String, _ uri: String) async throws -> String {
                var cookie = "", text = ""
                try await client.execute(uri: "/login", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "token=\(fixture.tokens[who]!)&lang=en")) {
                    cookie = String(($0.headers[.setCookie] ?? "").split(separator: ";")[0])
                }
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { text = $0.text }
                return text
            }
            let overview = try await page("operator", "/dashboard?month=2023-06")
            #expect(overview.contains("id=\"members\"") && overview.contains("/dashboard/members/c"))
            let verifier = try await page("tuv", "/dashboard/members/a?month=2023-06")
            #expect(verifier.contains("id=\"member-figures\""))
            #expect(!verifier.contains("id=\"certificates\"") && !verifier.contains("id=\"evidence\""))
            let member = try await page("a", "/dashboard/members/a?month=2023-06")
            #expect(member.contains("id=\"certificates\"") && member.contains("id=\"evidence\""))
        }
        let reads = try fixture.context.stores.accessLog.verifierReads(
            member: "a", from: Timestamp(seconds: 0), to: Timestamp(seconds: 1 << 40), offset: 0, limit: 100)
        #expect(reads.map(\.resource) == ["GET /dashboard/members/a"])
    }

    @Test("CBAM: a's report from its production rows; b's installation is as unknown as one that does not exist")
    func cbam() async throws {
        let fixture = try ServerFixture()
        let header = "installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t\n"
        let day = "/v1/members/a/cbam?from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z"
        try await fixture.test { client in
            func post(_ rows: String, _ who: String = "a") async throws -> (HTTPResponse.Status, String) {
                var headers = fixture.bearer(who)
                headers[.contentType] = "text/csv"
                var result: (HTTPResponse.Status, String) = (.ok, "")
                try await client.execute(uri: day, method: .post, headers: headers,
                                         body: ByteBuffer(string: header + rows)) { result = ($0.status, $0.text) }
                return result
            }
            let (status, text) = try await post("kiln-a,2023-06-01T00:00:00Z,2023-06-02T00:00:00Z,25231000,2,1.6\n")
            #expect(status == .ok, "\(text)")
            #expect(text.contains("kiln-a") && !text.contains("kiln-b"))
            let other = try await post("kiln-b,2023-06-01T00:00:00Z,2023-06-02T00:00:00Z,25231000,2,1.6\n")
            let none = try await post("kiln-z,2023-06-01T00:00:00Z,2023-06-02T00:00:00Z,25231000,2,1.6\n")
            #expect(other.0 == .badRequest && none.0 == .badRequest)
            #expect(other.1.replacingOccurrences(of: "kiln-b",
                with: "X") == none.1.replacingOccurrences(of: "kiln-z", with: "X"))
            #expect(try await post("kiln-a,2023-06-01T00:00:00Z,2023-06-02T00:00:00Z,25231000,2,1.6\n",
                "b").0 == .notFound)
        }
    }

    @Test("instants: any ±hh:mm offset and a fraction are read; a sign inside the offset or a stray dot is 400")
    func instants() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func first(_ from: String) async throws -> (HTTPResponse.Status, String?) {
                let r = try await json(client, fixture, "a", .get,
                                       "/v1/readings?meter=a1&from=\(from)&to=2023-06-01T05:00:00Z")
                return (r.status, (r.json["items"] as? [[String: Any]])?.first?["interval_start"] as? String)
            }
            // 03:30 at +02:30 is 01:00Z; a fraction is dropped.
            let offset = try await first("2023-06-01T03:30:00.999%2B02:30")
            #expect(offset.0 == .ok && offset.1 == "2023-06-01T01:00:00Z")
            for bad in ["2023-06-01T01:00:00%2B-1:00", "2023-06-01T01:00:00%2B-0:-0", "2023-06-01T01:00:00.Z",
                        "2023-06-01T01:00:00Z.999"] {
                let status = try await first(bad).0
                #expect(status == .badRequest, "\(bad)")
            }
            // The token is read whatever slashes lead the path.
            let slashes = try await json(client, fixture, "a", .get, "//v1/park")
            #expect(slashes.status == .ok)
        }
    }

    @Test("a redemption shows at once in the member's month (the cached month is dropped)")
    func cacheAfterRedemption() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let before = try await json(client, fixture, "a", .get, "/v1/members/a/summary?month=2023-06")
            #expect(before.json["covered_wh"] as? Int == 0)
            let redeem = #"{"member":"a","from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z"}"#
            #expect(try await json(client, fixture, "a", .post, "/v1/certificates/redeem", redeem).status == .created)
            let after = try await json(client, fixture, "a", .get, "/v1/members/a/summary?month=2023-06")
            #expect(after.json["covered_wh"] as? Int ?? 0 > 0)
        }
    }
}

extension HardeningTests {
    /// The limiter's clock stopped: no token comes back while the test runs, however slowly
    /// a loaded machine runs it, so the fourth request in a row is the first 429.
    static func stoppedClock(_ configuration: ServerConfiguration) -> ServerConfiguration {
        var configuration = configuration
        configuration.rateClock = { 1_000 }
        return configuration
    }
}
