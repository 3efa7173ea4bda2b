import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// Helpers of the VTN tests: JSON bodies, and a callback listener on loopback that records
/// what the VTN posts to it.
enum OpenADR {
    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    static func headers(_ bearer: HTTPFields) -> HTTPFields {
        var headers = bearer
        headers[.contentType] = "application/json"
        return headers
    }

    /// A program, an event with 4 quarter-hours of import limits (kW) from 2026-07-01T10:00Z.
    static let program = #"{"programName":"peak-shaving"}"#
    static func event(_ program: String, name: String = "afternoon peak") -> String {
        #"""
        {"programID":"\#(program)","eventName":"\#(name)",
         "intervalPeriod":{"start":"2026-07-01T10:00:00Z","duration":"PT15M"},
         "intervals":[{"id":0,"payloads":[{"type":"IMPORT_CAPACITY_LIMIT","values":[500]}]},
                      {"id":1,"payloads":[{"type":"IMPORT_CAPACITY_LIMIT","values":[500]}]},
                      {"id":2,"payloads":[{"type":"IMPORT_CAPACITY_LIMIT","values":[400.5]}]},
                      {"id":3,"payloads":[{"type":"IMPORT_CAPACITY_LIMIT","values":[800]}]}]}
        """#
    }

    static func report(_ event: String, client: String) -> String {
        #"""
        {"eventID":"\#(event)","clientName":"\#(client)","resources":[{"resourceName":"\#(client)",
         "intervals":[{"id":0,"payloads":[{"type":"USAGE","values":[250]}]}]}]}
        """#
    }

    static func subscription(_ client: String, url: String) -> String {
        #"""
        {"clientName":"\#(client)","objectOperations":[{"objects":["EVENT"],"operations":["CREATE","UPDATE"],
         "callbackUrl":"\#(url)","bearerToken":"callback-secret"}]}
        """#
    }
}

extension TestResponse {
    /// The body as a JSON array of objects (empty when it is not one).
    var list: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? []
    }
}

/// What a subscriber's callback received: each request's Authorization header and JSON body.
final class CallbackRecorder: Sendable {
    private let received = Mutex([(String?, Data)]())
    /// Requests answered 503 before the listener starts recording (a callback that is down).
    private let refusals: Mutex<Int>

    init(refusing: Int = 0) { refusals = Mutex(refusing) }

    var count: Int { received.withLock { $0.count } }

    /// The requests so far (Authorization, body as JSON), after waiting up to `seconds` for `count` of them.
    func wait(for count: Int, seconds: Double = 240) async throws -> [(String?, [String: Any])] {
        let deadline = Date().addingTimeInterval(seconds)
        while self.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let list = received.withLock { $0 }
        return list.map { ($0.0, (try? JSONSerialization.jsonObject(with: $0.1)) as? [String: Any] ?? [:]) }
    }

    /// Runs `body` with the URL of a listener on 127.0.0.1 that records every POST and answers 200.
    func listen(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/callback") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let refused = self.refusals.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            if refused { return .serviceUnavailable }
            let authorization = request.headers[.authorization]
            self.received.withLock { $0.append((authorization, Data(buffer: bytes))) }
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/callback")
        }
    }
}
