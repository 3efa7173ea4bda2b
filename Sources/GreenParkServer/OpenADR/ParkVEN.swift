import GreenParkCore
import GreenParkServices
import NIOCore
import NIOHTTP1

/// The park as one resource (a VEN) in a grid operator's OpenADR 3 program (`greenpark dr
/// join`, docs/demand-response.md): one round of what a VEN does, over SwiftNIO's HTTP/1.1
/// client with the operator's bearer token:
/// 1. reads the programs and events its VTN shows it;
/// 2. registers itself as VEN `venName` (201, or 409 when it exists);
/// 3. mirrors every event into the park's own VTN (``DemandResponseService/mirror(event:program:)``),
///    so that `greenpark schedule` keeps its import limits;
/// 4. for every event that has ended and that it has not reported yet (its own reports are
///    read back), reports the park's metered net grid exchange per event interval (`USAGE`,
///    kWh), one resource named after the park; an event whose intervals are not whole park
///    intervals, or not yet fully metered, is left for a later round.
/// Any other answer than those is an error naming the request, the status and the body.
public struct ParkVEN: Sendable {
    public let context: ParkContext
    /// The VTN's base URL, e.g. `http://vtn.example/openadr3` (`http://` only).
    public let vtn: String
    public let token: String
    public let venName: String
    public var timeout: TimeAmount = .seconds(10)

    public init(context: ParkContext, vtn: String, token: String, venName: String) {
        self.context = context
        self.vtn = vtn.hasSuffix("/") ? String(vtn.dropLast()) : vtn
        self.token = token
        self.venName = venName
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var programs = 0
        public var events = 0
        public var registered = false
        public var mirrored: [DemandResponseService.Mirrored: Int] = [:]
        public var reported: [String] = []
        /// Ended events not reported yet, with the reason.
        public var waiting: [String] = []
    }

    /// One round at `now`.
    public func round(now: Timestamp) async throws -> Round {
        var round = Round()
        let programs = try await list("/programs")
        let events = try await list("/events")
        round.programs = programs.count
        round.events = events.count
        let ven = JSONValue.object(["objectType": .string("VEN_VEN_REQUEST"), "venName": .string(venName)])
        let registration = try await exchange(.POST, "/vens", body: ven.bytes)
        guard [200, 201, 409].contains(registration.status) else { throw failure("POST /vens", registration) }
        round.registered = registration.status != 409
        let names = Dictionary(programs.compactMap { program in
            program["id"]?.string.map { ($0, program["programName"]?.string ?? $0) }
        }, uniquingKeysWith: { first, _ in first })
        let service = DemandResponseService(context: context)
        for event in events {
            guard let id = event["id"]?.string, let programID = event["programID"]?.string else { continue }
            round.mirrored[try service.mirror(event: event, program: names[programID] ?? programID), default: 0] += 1
            guard let typed = DemandResponseEvent(event), let span = typed.span, span.end <= now else { continue }
            let mine = try await list("/reports?eventID=\(id)&clientName=\(venName)")
            guard !mine.contains(where: { $0["clientName"]?.string == venName }) else { continue }
            guard let usage = try service.parkExchange(typed) else {
                round.waiting.append("\(id): its intervals are not whole park intervals or not fully metered yet")
                continue
            }
            let intervals: [JSONValue] = zip(typed.intervals, usage).map { interval, kWh in
                .object(["id": .integer(interval.id),
                         "payloads": .array([.object(["type": .string("USAGE"), "values": .array([.number(kWh)])])])])
            }
            let report = JSONValue.object([
                "eventID": .string(id), "programID": .string(programID), "clientName": .string(venName),
                "reportName": .string("\(context.park.settings.id) usage"),
                "resources": .array([.object(["resourceName": .string(context.park.settings.id),
                                              "intervals": .array(intervals)])]),
            ])
            let sent = try await exchange(.POST, "/reports", body: report.bytes)
            guard [200, 201].contains(sent.status) else { throw failure("POST /reports", sent) }
            round.reported.append(id)
        }
        return round
    }

    func exchange(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) async throws -> HTTPExchange.Answer {
        do {
            return try await HTTPExchange.send(method, vtn + path, body: body, bearer: token, timeout: timeout)
        } catch {
            throw ServiceError("dr.vtn-unreachable", "the grid operator's VTN at \(vtn) did not answer "
                                   + "\(method) \(path): \(error)", badInput: false)
        }
    }

    /// GET `path`: a JSON array.
    func list(_ path: String) async throws -> [JSONValue] {
        let answer = try await exchange(.GET, path)
        guard answer.status == 200, let items = JSONValue.parse(answer.body)?.array else {
            throw failure("GET \(path)", answer)
        }
        return items
    }

    func failure(_ request: String, _ answer: HTTPExchange.Answer) -> ServiceError {
        ServiceError("dr.vtn-refused", "the grid operator's VTN answered \(request) with \(answer.status): "
                         + String(decoding: answer.body.prefix(300), as: UTF8.self), badInput: false)
    }
}
