import Foundation
import GreenParkCore
import GreenParkServices
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// What the server refuses and that a refusal changes nothing: bodies above the limit (413),
/// malformed batches (400 problem+json with the import's lines), the rate limit (429), and
/// the idempotency of batch ingest.
@Suite("Server limits: body size, malformed input, rate, idempotency")
struct LimitsTests {
    static let csv = "meter_id,interval_start,energy_wh\na1,2023-06-02T00:00:00Z,7\na1,2023-06-02T01:00:00Z,8\n"

    func post(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ body: String, type: String = "text/csv",
              key: String? = nil, who: String = "a") async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers = fixture.bearer(who)
        headers[.contentType] = type
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        var result: (HTTPResponse.Status, [String: Any]) = (.ok, [:])
        try await client.execute(uri: "/v1/readings", method: .post, headers: headers,
                                 body: ByteBuffer(string: body)) { result = ($0.status, $0.json) }
        return result
    }

    @Test("a body above the limit: 413 problem+json, declared or not, and nothing stored")
    func bodyLimit() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.database.contents()
        let big = Self.csv + String(repeating: "# padding to pass the limit\n", count: 100)  // > 1 KiB
        try await fixture.test(ServerConfiguration(bodyLimit: 1024)) { client in
            let (status, json) = try await post(client, fixture, big)
            #expect(status == .contentTooLarge)
            #expect(json["code"] as? String == "request.too-large")
            // Under the limit the same batch is taken.
            #expect(try await post(client, fixture, Self.csv).0 == .created)
        }
        let after = try fixture.database.contents()
        #expect(after.count > before.count)  // only the small batch was stored
        #expect(ServerConfiguration().bodyLimit == 32 << 20)
    }

    @Test("malformed CSV and JSON: 400 problem+json naming the line, and the store is unchanged")
    func malformed() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.database.contents()
        try await fixture.test { client in
            let cases: [(String, String, String, Int)] = [
                // body, type, code of the first issue, its line
                ("meter_id,interval_start,energy_wh\na1,2023-06-02T00:00:00Z,7\na1,not-a-time,8\n", "text/csv",
                 "readings.bad-timestamp", 3),
                ("meter_id,interval_start,energy_wh\na1,2023-06-02T00:00:00Z,-7\n", "text/csv", "readings.negative", 2),
                (#"{"readings": [{"meter_id": "a1", "interval_start": "2023-06-02T00:00:00Z", "energy_wh": 1.5}]}"#,
                 "application/json", "readings.json", 1),
                (#"{"readings": [{"meter_id": "a1""#, "application/json", "readings.json", 0),
                (#"{"readings": [{"meter_id": "a1,b1", "interval_start": "x", "energy_wh": 1}]}"#, "application/json",
                 "readings.json", 1),
            ]
            for (body, type, code, line) in cases {
                let (status, json) = try await post(client, fixture, body, type: type)
                #expect(status == .badRequest, "\(body)")
                let issues = json["issues"] as? [[String: Any]] ?? []
                #expect(issues.first?["code"] as? String == code, "\(body): \(json)")
                #expect(issues.first?["line"] as? Int == line, "\(body)")
            }
            var headers = fixture.bearer("a")
            headers[.contentType] = "application/xml"
            try await client.execute(uri: "/v1/readings", method: .post, headers: headers,
                                     body: ByteBuffer(string: "<a/>")) { #expect($0.status == .unsupportedMediaType) }
        }
        #expect(try fixture.database.contents() == before)
    }

    @Test("the rate limit per token: a burst of 3 at 1 per second, then 429; another token is not held up")
    func rateLimit() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(Self.stoppedClock(ServerConfiguration(ratePerSecond: 1, rateBurst: 3))) { client in
            // Requests in a row meet a 429 after the third (a few more if the bucket refills meanwhile).
            var statuses: [HTTPResponse.Status] = []
            while statuses.count < 20, statuses.last != .tooManyRequests {
                try await client.execute(uri: "/v1/park", method: .get, headers: fixture.bearer("a")) {
                    statuses.append($0.status)
                }
            }
            #expect(statuses.prefix(3) == [.ok, .ok, .ok])
            #expect(statuses.last == .tooManyRequests)
            try await client.execute(uri: "/v1/park", method: .get, headers: fixture.bearer("b")) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("Idempotency-Key: the same batch again is 200 and changes nothing; the key with other bytes is 422")
    func idempotency() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (first, json) = try await post(client, fixture, Self.csv, key: "batch-1")
            #expect(first == .created)
            #expect(json["values"] as? Int == 2 && json["replayed"] as? Bool == false)
            let stored = try fixture.database.contents()
            let (again, replay) = try await post(client, fixture, Self.csv, key: "batch-1")
            #expect(again == .ok)
            #expect(replay["replayed"] as? Bool == true && replay["import_id"] as? Int == json["import_id"] as? Int)
            #expect(try fixture.database.contents() == stored)
            let other = Self.csv.replacingOccurrences(of: ",8\n", with: ",9\n")
            let (reused, problem) = try await post(client, fixture, other, key: "batch-1")
            #expect(reused == .unprocessableContent)
            #expect(problem["code"] as? String == "ingest.key-reused")
            #expect(try fixture.database.contents() == stored)
            // Keys are per user: b may use the same key for its own batch.
            let mine = Self.csv.replacingOccurrences(of: "a1,", with: "b1,")
            #expect(try await post(client, fixture, mine, key: "batch-1", who: "b").0 == .created)
        }
    }

    @Test("a JSON batch is the CSV's readings: the same Wh stored, line k = item k")
    func json() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = #"{"readings": [{"meter_id": "a1", "interval_start": "2023-06-02T00:00:00Z", "energy_kwh": 0.007}, "#
                + #"{"meter_id": "a1", "interval_start": "2023-06-02T01:00:00Z", "energy_kwh": "0.008"}]}"#
            #expect(try await post(client, fixture, body, type: "application/json").0 == .created)
            try await client.execute(uri: "/v1/readings?meter=a1&from=2023-06-02T00:00:00Z&to=2023-06-03T00:00:00Z",
                                     method: .get, headers: fixture.bearer("a")) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["energy_wh"] as? Int } == [7, 8])
            }
        }
    }
}

extension LimitsTests {
    /// The limiter's clock stopped: no token comes back while the test runs, however slowly
    /// a loaded machine runs it, so the fourth request in a row is the first 429.
    static func stoppedClock(_ configuration: ServerConfiguration) -> ServerConfiguration {
        var configuration = configuration
        configuration.rateClock = { 1_000 }
        return configuration
    }
}
