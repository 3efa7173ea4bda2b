import Foundation
import GreenParkCore
import GreenParkServices
import GreenParkStore
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import GreenParkServer

/// Tenant isolation of the VTN (a member never sees another's reports, VENs or
/// subscriptions), VEN registration, notifications to a real callback, and the store.
@Suite("OpenADR 3 VTN: isolation between members, notifications, SQLite")
struct OpenADRIsolationTests {
    /// Posts `body` to `uri` as `who`; the answer's status and id.
    static func post(_ client: some TestClientProtocol, _ fixture: ServerFixture, _ who: String, _ uri: String,
                     _ body: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .post, headers: OpenADR.headers(fixture.bearer(who)),
                                 body: OpenADR.body(body)) { ($0.status, $0.json["id"] as? String ?? "") }
    }

    @Test("a and b each see only their own reports, VENs and subscriptions; the operator sees all")
    func isolation() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, event) = try await OpenADRTests.programAndEvent(client, fixture)
            var mine: [String: [String: String]] = [:]
            for who in ["a", "b"] {
                let (r, report) = try await Self.post(client, fixture, who, "/openadr3/reports",
                                                      OpenADR.report(event, client: "ven-\(who)"))
                let (v, ven) = try await Self.post(client, fixture, who, "/openadr3/vens",
                                                   #"{"objectType":"VEN_VEN_REQUEST","venName":"ven-\#(who)"}"#)
                let (s, subscription) = try await Self.post(client, fixture, who, "/openadr3/subscriptions",
                    OpenADR.subscription("ven-\(who)", url: "http://127.0.0.1:9/cb"))
                #expect([r, v, s] == [.created, .created, .created])
                mine[who] = ["reports": report, "vens": ven, "subscriptions": subscription]
            }
            for (who, other) in [("a", "b"), ("b", "a")] {
                for collection in ["reports", "vens", "subscriptions"] {
                    try await client.execute(uri: "/openadr3/\(collection)", method: .get,
                                             headers: fixture.bearer(who)) { response in
                        #expect(response.list.map { $0["id"] as? String } == [mine[who]![collection]],
                                "\(who) \(collection)")
                        #expect(response.list.first?["clientID"] as? String == who)
                    }
                    // Another's object: 404 whatever the method, exactly as one that does not exist.
                    let theirs = mine[other]![collection]!
                    let body = switch collection {
                    case "reports": OpenADR.report(event, client: "x")
                    case "vens": #"{"objectType":"VEN_VEN_REQUEST","venName":"x"}"#
                    default: OpenADR.subscription("x", url: "http://127.0.0.1:9/x")
                    }
                    for method in [HTTPRequest.Method.get, .put, .delete] {
                        try await client.execute(uri: "/openadr3/\(collection)/\(theirs)", method: method,
                                                 headers: OpenADR.headers(fixture.bearer(who)),
                                                 body: OpenADR.body(body)) {
                            #expect($0.status == .notFound, "\(who) \(method) \(other)'s \(collection)")
                        }
                    }
                }
                // Filtering by the other's client name finds nothing either.
                try await client.execute(uri: "/openadr3/reports?clientName=ven-\(other)", method: .get,
                                         headers: fixture.bearer(who)) { #expect($0.list.isEmpty) }
            }
            for collection in ["reports", "vens", "subscriptions"] {
                try await client.execute(uri: "/openadr3/\(collection)", method: .get,
                                         headers: fixture.bearer("operator")) { #expect($0.list.count == 2) }
            }
            try await client.execute(uri: "/openadr3/reports?eventID=\(event)&clientName=ven-b", method: .get,
                                     headers: fixture.bearer("operator")) {
                #expect($0.list.map { $0["id"] as? String } == [mine["b"]!["reports"]])
            }
            // The other's untouched: b's report is still there.
            #expect(try fixture.context.stores.demandResponse.record(kind: .report, id: mine["b"]!["reports"]!) != nil)
        }
    }

    @Test("a VEN name is unique in the VTN: a second registration answers 409, whoever sends it")
    func venConflict() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = #"{"objectType":"VEN_VEN_REQUEST","venName":"house-1"}"#
            #expect(try await Self.post(client, fixture, "a", "/openadr3/vens", body).0 == .created)
            #expect(try await Self.post(client, fixture, "a", "/openadr3/vens", body).0 == .conflict)
            #expect(try await Self.post(client, fixture, "b", "/openadr3/vens", body).0 == .conflict)
            // The operator provisions a VEN for member b (BL_VEN_REQUEST): b then sees it as its own.
            let (status, id) = try await Self.post(client, fixture, "operator", "/openadr3/vens",
                #"{"objectType":"BL_VEN_REQUEST","clientID":"b","venName":"house-2"}"#)
            #expect(status == .created)
            try await client.execute(uri: "/openadr3/vens/\(id)", method: .get, headers: fixture.bearer("b")) {
                #expect($0.status == .ok)
                #expect($0.json["clientID"] as? String == "b")
                // The document's ven is allOf objectMetadata (objectType VEN) and BlVenRequest
                // (BL_VEN_REQUEST); the generated type writes both, the second last.
                #expect($0.json["objectType"] as? String == "BL_VEN_REQUEST")
                #expect($0.json["venName"] as? String == "house-2")
            }
            try await client.execute(uri: "/openadr3/vens?venName=house-2", method: .get,
                                     headers: fixture.bearer("a")) { #expect($0.list.isEmpty) }
        }
    }

    /// A server whose webhooks wait a minute for an answer: the callback listener runs in this
    /// process, which a full parallel test run can keep busy for many seconds.
    static var patient: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.webhookTimeoutSeconds = 60
        return configuration
    }

    @Test("an event created, then updated, is posted to a's callback with its bearer token")
    func notification() async throws {
        let fixture = try ServerFixture()
        let recorder = CallbackRecorder()
        try await recorder.listen { url in
            try await fixture.test(Self.patient) { client in
                let (status, _) = try await Self.post(client, fixture, "a", "/openadr3/subscriptions",
                                                      OpenADR.subscription("ven-a", url: url))
                #expect(status == .created)
                let (program, event) = try await OpenADRTests.programAndEvent(client, fixture)
                let first = try await recorder.wait(for: 1)
                #expect(first.count == 1)
                #expect(first.first?.0 == "Bearer callback-secret")
                let body = first.first?.1 ?? [:]
                #expect(body["objectType"] as? String == "EVENT")
                #expect(body["operation"] as? String == "CREATE")
                #expect((body["object"] as? [String: Any])?["id"] as? String == event)
                _ = try await client.execute(uri: "/openadr3/events/\(event)", method: .put,
                                             headers: OpenADR.headers(fixture.bearer("operator")),
                                             body: OpenADR.body(OpenADR.event(program, name: "later"))) { $0.status }
                let both = try await recorder.wait(for: 2)
                #expect(both.count == 2)
                #expect(both.last?.1["operation"] as? String == "UPDATE")
                #expect((both.last?.1["object"] as? [String: Any])?["eventName"] as? String == "later")
            }
        }
    }

    @Test("a callback that is down (503) for the first attempt gets the notification on the retry")
    func retried() async throws {
        let fixture = try ServerFixture()
        let recorder = CallbackRecorder(refusing: 1)
        try await recorder.listen { url in
            try await fixture.test(Self.patient) { client in
                let (status, _) = try await Self.post(client, fixture, "a", "/openadr3/subscriptions",
                                                      OpenADR.subscription("ven-a", url: url))
                #expect(status == .created)
                let (_, event) = try await OpenADRTests.programAndEvent(client, fixture)
                // Refused once, retried after 1 s: delivered.
                let received = try await recorder.wait(for: 1)
                #expect(received.count == 1)
                #expect((received.first?.1["object"] as? [String: Any])?["id"] as? String == event)
            }
        }
    }

    @Test("SQLite round trip: what the VTN stored reads back the same after the store is reopened")
    func sqliteRoundTrip() async throws {
        let fixture = try ServerFixture()
        let made = Mutex(("", ""))
        try await fixture.test { client in
            let ids = try await OpenADRTests.programAndEvent(client, fixture)
            made.withLock { $0 = ids }
            _ = try await Self.post(client, fixture, "a", "/openadr3/reports", OpenADR.report(ids.1, client: "ven-a"))
        }
        let ids = made.withLock { $0 }
        let path = fixture.database.path
        let reopened = try SQLiteDatabase(path: path)
        let service = DemandResponseService(context: ParkContext(park: fixture.context.park,
            parkFile: fixture.context.parkFile, stores: reopened.stores))
        let events = try service.events()
        #expect(events.map(\.id) == [ids.1])
        // 4 quarter-hours from 10:00Z: the third at 10:30Z, its limit 400.5.
        #expect(events.first?.intervals.count == 4)
        #expect(events.first?.intervals[2].start == Timestamp(CivilDate(year: 2026, month: 7, day: 1), hour: 10,
                                                             minute: 30))
        #expect(events.first?.intervals[2].values("IMPORT_CAPACITY_LIMIT") == [400.5])
        let reports = try service.reports(for: ids.1)
        #expect(reports.map(\.member) == ["a"])
        #expect(reports.first?.resources.first?.intervals.first?.values("USAGE") == [250])
        let stored = try reopened.stores.demandResponse.records(.init(kind: .event))
        #expect(stored == (try fixture.context.stores.demandResponse.records(.init(kind: .event))))
    }
}
