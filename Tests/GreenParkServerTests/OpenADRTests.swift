import Foundation
import GreenParkCore
import GreenParkServices
import GreenParkStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GreenParkServer

/// The OpenADR 3 VTN under /openadr3 (docs/demand-response.md) on the three-member park:
/// the operator is the business logic, members a and b are VENs.
@Suite("OpenADR 3 VTN: programs, events, reports, subscriptions, VENs")
struct OpenADRTests {
    /// Creates the program and the event as the operator; their ids.
    static func programAndEvent(_ client: some TestClientProtocol, _ fixture: ServerFixture) async throws
        -> (String, String) {
        let ops = OpenADR.headers(fixture.bearer("operator"))
        let program = try await client.execute(uri: "/openadr3/programs", method: .post, headers: ops,
                                               body: OpenADR.body(OpenADR.program)) { response in
            #expect(response.status == .created)
            return response.json["id"] as? String ?? ""
        }
        let event = try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                                             body: OpenADR.body(OpenADR.event(program))) { response in
            #expect(response.status == .created, "\(response.text)")
            return response.json["id"] as? String ?? ""
        }
        return (program, event)
    }

    @Test("unsigned 401 and an unknown token 401, in the document's problem shape")
    func unsigned() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for uri in ["/openadr3/programs", "/openadr3/events", "/openadr3/reports", "/openadr3/vens/x"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    Self.expectProblem(response.json, status: 401)
                }
            }
            try await client.execute(uri: "/openadr3/programs", method: .post,
                                     headers: [.authorization: "Bearer gp_nobody", .contentType: "application/json"],
                                     body: OpenADR.body(OpenADR.program)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("the dashboard's session cookie does not sign in to the VTN (no CSRF check there): 401, nothing stored")
    func noCookie() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let cookie = try await client.execute(uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(fixture.tokens["operator"]!)&lang=en")) { response in
                #expect(response.status == .seeOther)
                return String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
            }
            #expect(cookie.hasPrefix("greenpark_session="))
            try await client.execute(uri: "/openadr3/programs", method: .post,
                                     headers: [.cookie: cookie, .contentType: "application/json"],
                                     body: OpenADR.body(OpenADR.program)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/openadr3/programs", method: .get, headers: [.cookie: cookie]) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(try fixture.context.stores.demandResponse.records(.init(kind: .program)).isEmpty)
    }

    /// The OpenADR `problem`: type (a URI), title, status (an integer) and detail.
    static func expectProblem(_ json: [String: Any], status: Int) {
        #expect((json["type"] as? String)?.hasPrefix("https://") == true)
        #expect(json["title"] is String)
        #expect(json["status"] as? Int == status)
        #expect(json["detail"] is String)
    }

    @Test("the operator writes programs and events; members read them and are refused writing them (403)")
    func roles() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (program, event) = try await Self.programAndEvent(client, fixture)
            try await client.execute(uri: "/openadr3/programs/\(program)", method: .get,
                                     headers: fixture.bearer("a")) { response in
                #expect(response.status == .ok)
                #expect(response.json["programName"] as? String == "peak-shaving")
                #expect(response.json["objectType"] as? String == "PROGRAM")
                #expect(response.json["createdDateTime"] as? String == "2026-06-01T00:00:00Z")
                #expect(response.json["modificationDateTime"] as? String == "2026-06-01T00:00:00Z")
            }
            try await client.execute(uri: "/openadr3/events", method: .get, headers: fixture.bearer("b")) { response in
                #expect(response.status == .ok)
                #expect(response.list.map { $0["id"] as? String } == [event])
                let intervals = response.list.first?["intervals"] as? [[String: Any]] ?? []
                #expect(intervals.count == 4)
            }
            for (uri, body) in [("/openadr3/programs", #"{"programName":"mine"}"#),
                                ("/openadr3/events", OpenADR.event(program))] {
                try await client.execute(uri: uri, method: .post, headers: OpenADR.headers(fixture.bearer("a")),
                                         body: OpenADR.body(body)) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    Self.expectProblem(response.json, status: 403)
                }
            }
            for method in [HTTPRequest.Method.put, .delete] {
                try await client.execute(uri: "/openadr3/events/\(event)", method: method,
                                         headers: OpenADR.headers(fixture.bearer("a")),
                                         body: OpenADR.body(OpenADR.event(program))) {
                    #expect($0.status == .forbidden)
                }
            }
            // Neither a generator nor a verifier takes part.
            for who in ["pv", "tuv"] {
                try await client.execute(uri: "/openadr3/programs", method: .get, headers: fixture.bearer(who)) {
                    #expect($0.status == .forbidden, "\(who)")
                }
            }
            // The operator does not write reports: VENs do.
            try await client.execute(uri: "/openadr3/reports", method: .post,
                                     headers: OpenADR.headers(fixture.bearer("operator")),
                                     body: OpenADR.body(OpenADR.report(event, client: "ops"))) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("event CRUD: update keeps id and creation, delete answers the object, then 404; dependents first")
    func eventCRUD() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (program, event) = try await Self.programAndEvent(client, fixture)
            let ops = OpenADR.headers(fixture.bearer("operator"))
            try await client.execute(uri: "/openadr3/events/\(event)", method: .put, headers: ops,
                                     body: OpenADR.body(OpenADR.event(program, name: "moved"))) { response in
                #expect(response.status == .ok)
                #expect(response.json["id"] as? String == event)
                #expect(response.json["eventName"] as? String == "moved")
                #expect(response.json["createdDateTime"] as? String == "2026-06-01T00:00:00Z")
            }
            // The program has an event, the event a report: neither is deleted (409) until what depends on it is.
            try await client.execute(uri: "/openadr3/programs/\(program)", method: .delete, headers: ops) {
                #expect($0.status == .conflict)
            }
            let report = try await client.execute(uri: "/openadr3/reports", method: .post,
                headers: OpenADR.headers(fixture.bearer("a")),
                body: OpenADR.body(OpenADR.report(event, client: "a"))) {
                $0.json["id"] as? String ?? ""
            }
            try await client.execute(uri: "/openadr3/events/\(event)", method: .delete, headers: ops) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: "/openadr3/reports/\(report)", method: .delete,
                                     headers: fixture.bearer("a")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/openadr3/events/\(event)", method: .delete, headers: ops) { response in
                #expect(response.status == .ok)
                #expect(response.json["eventName"] as? String == "moved")
            }
            try await client.execute(uri: "/openadr3/events/\(event)", method: .get, headers: ops) { response in
                #expect(response.status == .notFound)
                Self.expectProblem(response.json, status: 404)
            }
            // A second program of the same name conflicts; an event of an unknown program too.
            try await client.execute(uri: "/openadr3/programs", method: .post, headers: ops,
                                     body: OpenADR.body(OpenADR.program)) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                                     body: OpenADR.body(OpenADR.event("program-none"))) {
                #expect($0.status == .conflict)
            }
            // With its event gone, the program goes.
            try await client.execute(uri: "/openadr3/programs/\(program)", method: .delete, headers: ops) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("searches: programID, skip and limit (the document's maximum 50), bad values 400")
    func searches() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let ops = OpenADR.headers(fixture.bearer("operator"))
            let (program, first) = try await Self.programAndEvent(client, fixture)
            var events = [first]
            for k in 1..<3 {
                events.append(try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                    body: OpenADR.body(OpenADR.event(program, name: "e\(k)"))) { $0.json["id"] as? String ?? "" })
            }
            let other = try await client.execute(uri: "/openadr3/programs", method: .post, headers: ops,
                body: OpenADR.body(#"{"programName":"other"}"#)) { $0.json["id"] as? String ?? "" }
            _ = try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                body: OpenADR.body(OpenADR.event(other))) { $0.status }
            let a = fixture.bearer("a")
            try await client.execute(uri: "/openadr3/events?programID=\(program)", method: .get, headers: a) {
                #expect($0.list.map { $0["id"] as? String } == events)
            }
            try await client.execute(uri: "/openadr3/events?programID=\(program)&skip=1&limit=1", method: .get,
                                     headers: a) { #expect($0.list.map { $0["id"] as? String } == [events[1]]) }
            try await client.execute(uri: "/openadr3/events", method: .get, headers: a) { #expect($0.list.count == 4) }
            // Targets: an event targeted at group-1 is found for group-1 (with the untargeted ones), not for group-2.
            let targeted = try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                body: OpenADR.body(#"{"programID":"\#(program)","targets":["group-1"]}"#)) { $0.json["id"] as? String }
            try await client.execute(uri: "/openadr3/events?programID=\(program)&targets=group-2&targets=group-3",
                                     method: .get, headers: a) {
                #expect($0.list.map { $0["id"] as? String } == events)
            }
            try await client.execute(uri: "/openadr3/events?programID=\(program)&targets=group-1", method: .get,
                                     headers: a) {
                #expect($0.list.map { $0["id"] as? String } == events + [targeted])
            }
            for query in ["limit=51", "skip=-1", "limit=x"] {
                try await client.execute(uri: "/openadr3/events?\(query)", method: .get, headers: a) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    Self.expectProblem(response.json, status: 400)
                }
            }
        }
    }

    @Test("bad bodies answer 400 in the document's problem shape, and store nothing")
    func badBodies() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, event) = try await Self.programAndEvent(client, fixture)
            let ops = OpenADR.headers(fixture.bearer("operator")), a = OpenADR.headers(fixture.bearer("a"))
            let cases: [(String, HTTPFields, String)] = [
                ("/openadr3/programs", ops, "not json"),
                ("/openadr3/programs", ops, "[]"),
                ("/openadr3/programs", ops, #"{"programName":""}"#),
                ("/openadr3/events", ops, #"{"eventName":"no program"}"#),
                ("/openadr3/events", ops, #"{"programID":"x y"}"#),
                ("/openadr3/reports", a, #"{"eventID":"\#(event)","clientName":"a"}"#),
                ("/openadr3/reports", a, #"{"eventID":"\#(event)","clientName":"a","resources":[{"resourceName":"r","#
                    + #""intervals":[{"payloads":[]}]}]}"#),
                ("/openadr3/subscriptions", a, #"{"clientName":"a","objectOperations":[{"objects":["EVENTS"],"#
                    + #""operations":["CREATE"],"callbackUrl":"http://127.0.0.1:9/x"}]}"#),
                ("/openadr3/vens", a, #"{"venName":"no type"}"#),
            ]
            for (uri, headers, body) in cases {
                try await client.execute(uri: uri, method: .post, headers: headers, body: OpenADR.body(body)) {
                    #expect($0.status == .badRequest, "\(uri) \(body): \($0.text)")
                    Self.expectProblem($0.json, status: 400)
                }
            }
            // A body the generated layer cannot read names the document (not the park's /openapi.json).
            try await client.execute(uri: "/openadr3/events", method: .post, headers: ops,
                                     body: OpenADR.body(#"{"programID":5}"#)) {
                #expect(($0.json["detail"] as? String)?.contains("the OpenADR 3.1.0 document") == true, "\($0.text)")
            }
            #expect(try fixture.context.stores.demandResponse.records(.init(kind: .report)).isEmpty)
            #expect(try fixture.context.stores.demandResponse.records(.init(kind: .program)).count == 1)
        }
    }
}
