import Foundation
import GreenParkCore
import GreenParkFormats
import Testing

@testable import GreenParkServices

/// DemandResponseService on the in-memory store: the typed views the park reads (events in a
/// period, reports of an event) and which subscriptions a change notifies.
@Suite("Demand response service: typed views and notifications")
struct DemandResponseServiceTests {
    static let ops = try! Principal(userId: 1, name: "ops", role: .operator, subject: nil)
    static let a = try! Principal(userId: 2, name: "a", role: .member, subject: "a")
    static let b = try! Principal(userId: 3, name: "b", role: .member, subject: "b")

    static func service() throws -> DemandResponseService {
        let park = Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"), members: [],
                        generators: [])
        return DemandResponseService(context: ParkContext(park: park, parkFile: URL(fileURLWithPath: "/tmp/p.yaml"),
            stores: .inMemory(), now: { Timestamp(CivilDate(year: 2026, month: 6, day: 1)) }))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("events(from:to:) by their intervals; reports(for:) every member's")
    func typedViews() throws {
        let service = try Self.service()
        let program = try service.addProgram(name: "peak")["id"]?.string ?? ""
        // 4 x 15 min from 10:00Z: [10:00, 11:00). A second event 2 x 1 h from 12:00Z: [12:00, 14:00).
        let day = Timestamp(CivilDate(year: 2026, month: 7, day: 1))
        let first = try service.addEvent(.init(program: "peak", start: day.adding(seconds: 36_000), count: 4,
            seconds: 900, payloads: [("IMPORT_CAPACITY_LIMIT", "KW", [500, 500, 400, 800])]))
        let second = try service.addEvent(.init(program: program, start: day.adding(seconds: 43_200), count: 2,
            seconds: 3_600, payloads: [("PRICE", nil, [1.5])]))
        #expect(first.intervals.map { $0.values("IMPORT_CAPACITY_LIMIT") } == [[500], [500], [400], [800]])
        #expect(first.intervals[3].start == day.adding(seconds: 36_000 + 3 * 900))
        #expect(second.intervals.map { $0.values("PRICE") } == [[1.5], [1.5]])
        let hour = { (h: Int64) in day.adding(seconds: h * 3_600) }
        #expect(try service.events(from: hour(10), to: hour(11)).map(\.id) == [first.id])
        #expect(try service.events(from: hour(11), to: hour(12)).isEmpty)  // [10, 11) ends where this starts
        #expect(try service.events(from: hour(10), to: hour(13)).map(\.id) == [first.id, second.id])
        #expect(try service.events(from: hour(13), to: hour(24)).map(\.id) == [second.id])
        for (who, usage) in [(Self.a, 250), (Self.b, 100)] {
            _ = try service.create(.report, body: Self.bytes(#"""
                {"eventID":"\#(first.id)","clientName":"ven","resources":[{"resourceName":"r",
                 "intervals":[{"id":0,"payloads":[{"type":"USAGE","values":[\#(usage)]}]}]}]}
                """#), by: who)
        }
        let reports = try service.reports(for: first.id)
        #expect(reports.map(\.member) == ["a", "b"])
        #expect(reports.map { $0.resources.first?.intervals.first?.values("USAGE") } == [[250], [100]])
        #expect(reports.allSatisfy { $0.programID == program })
        #expect(try service.reports(for: second.id).isEmpty)
    }

    @Test("bad event input from the CLI: zero intervals, a value count that fits neither 1 nor N, no program")
    func addEventRefusals() throws {
        let service = try Self.service()
        _ = try service.addProgram(name: "peak")
        let start = Timestamp(seconds: 0)
        for new in [DemandResponseService.NewEvent(program: "peak", start: start, count: 0, seconds: 900,
                                                   payloads: [("SIMPLE", nil, [1])]),
                    .init(program: "peak", start: start, count: 4, seconds: 900, payloads: [("SIMPLE", nil, [1, 2])]),
                    .init(program: "none", start: start, count: 4, seconds: 900, payloads: [("SIMPLE", nil, [1])])] {
            #expect(throws: DemandResponseError.self) { try service.addEvent(new) }
        }
        #expect(try service.events().isEmpty)
    }

    @Test("notifications: the operation and object type listed, the program matched; a report only its owner's")
    func notifications() throws {
        let service = try Self.service()
        let program = try service.addProgram(name: "peak")["id"]?.string ?? ""
        let other = try service.addProgram(name: "other")["id"]?.string ?? ""
        func subscribe(_ who: Principal, _ objects: String, _ operations: String, program: String? = nil) throws {
            let scope = program.map { #","programID":"\#($0)""# } ?? ""
            _ = try service.create(.subscription, body: Self.bytes(#"""
                {"clientName":"\#(who.name)"\#(scope),"objectOperations":[{"objects":[\#(objects)],
                 "operations":[\#(operations)],"callbackUrl":"http://127.0.0.1/\#(who.name)"}]}
                """#), by: who)
        }
        try subscribe(Self.a, #""EVENT""#, #""CREATE""#)
        try subscribe(Self.b, #""EVENT","REPORT""#, #""CREATE","UPDATE""#, program: other)
        try subscribe(Self.ops, #""REPORT""#, #""CREATE""#)
        let event = try service.create(.event, body: Self.bytes(#"{"programID":"\#(program)"}"#), by: Self.ops)
        // a's (any program, CREATE) only: b's is for the other program.
        #expect(try service.notifications(of: .event, operation: "CREATE", object: event, owner: nil)
            .map(\.callbackUrl) == ["http://127.0.0.1/a"])
        #expect(try service.notifications(of: .event, operation: "DELETE", object: event, owner: nil).isEmpty)
        let report = try service.create(.report, body: Self.bytes(#"""
            {"eventID":"\#(event["id"]?.string ?? "")","clientName":"a","resources":[]}
            """#), by: Self.a)
        // a's report: the operator's subscription, never b's.
        #expect(try service.notifications(of: .report, operation: "CREATE", object: report, owner: "a")
            .map(\.callbackUrl) == ["http://127.0.0.1/ops"])
        let sent = try service.notifications(of: .event, operation: "CREATE", object: event, owner: nil).first
        #expect(sent?.body["object"] == event)
        #expect(sent?.body["operation"]?.string == "CREATE")
    }
}
