import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus

@testable import GreenParkServer

/// A three-member park (Fixtures/park.yaml: members a, b, c, generator pv, hourly readings of
/// 2023-06-01) in a fresh SQLite store, with a user per role and tenant, one expired and one
/// revoked user, a grant of a's reports to verifier tuv, and the day's hourly certificates
/// issued and transferred to the members (none redeemed).
struct ServerFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The clock of the store's records: tokens and grants are judged at this instant.
    static let now = Timestamp(CivilDate(year: 2026, month: 6, day: 1))

    let context: ParkContext
    let database: SQLiteDatabase
    let key = OperatorKey()
    var tokens: [String: String] = [:]

    /// `readings`: the CSV to import (default: the fixture's; nil imports nothing).
    init(readings: String? = ServerFixture.directory.appendingPathComponent("readings.csv").path) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let parkFile = dir.appendingPathComponent("park.yaml")
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent("park.yaml"), to: parkFile)
        database = try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path)
        context = ParkContext(park: try ParkFile.load(path: parkFile.path).park, parkFile: parkFile,
                              stores: database.stores, now: { ServerFixture.now })
        try database.stores.certificates.recordOperatorKey(OperatorPublicKey(hex: key.publicKeyHex)!)
        if let readings {
            _ = try ImportService(context: context).importFile(readings, options: ImportOptions())
            // Hourly certificates of 2023-06-01 (UTC), transferred to a, b and c by the allocation.
            let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
            let allocation = try AllocationService(context: context).allocate(from: day,
                to: day.adding(seconds: 86_400),
                                                                              gaps: .fail)
            _ = try CertificateService(context: context, key: key).certify(allocation, redeem: false, at: Self.now)
        }
        let access = AccessService(context: context)
        tokens["operator"] = try access.addUser(name: "ops", role: .operator, subject: nil, expiresAt: nil).token
        for member in ["a", "b"] {
            tokens[member] = try access.addUser(name: member, role: .member, subject: member, expiresAt: nil).token
        }
        tokens["pv"] = try access.addUser(name: "pv", role: .generator, subject: "pv", expiresAt: nil).token
        tokens["tuv"] = try access.addUser(name: "tuv", role: .verifier, subject: "tuv", expiresAt: nil).token
        tokens["sgs"] = try access.addUser(name: "sgs", role: .verifier, subject: "sgs", expiresAt: nil).token
        let expiring = try access.addUser(name: "old", role: .member, subject: "a",
                                          expiresAt: Self.now.adding(seconds: 1))
        tokens["expiring"] = expiring.token
        let revoked = try access.addUser(name: "gone", role: .member, subject: "a", expiresAt: nil)
        _ = try access.revoke(id: revoked.user.id)
        tokens["revoked"] = revoked.token
        _ = try GrantService(context: context).add(member: "a", verifier: "tuv",
            until: Self.now.adding(seconds: 86_400),
                                                   scopes: [.reports], key: key)
    }

    /// The fixture's readings with c's meter at 0 Wh: only a and b contribute (a CSV's path).
    static func twoContributors() throws -> String {
        let source = try String(contentsOf: directory.appendingPathComponent("readings.csv"), encoding: .utf8)
        let two = FileManager.default.temporaryDirectory.appendingPathComponent("two-\(UUID()).csv")
        try source.split(separator: "\n").map { $0.hasPrefix("c1,") ? $0.replacingOccurrences(of: ",500",
            with: ",0") : String($0) }
            .joined(separator: "\n").write(to: two, atomically: true, encoding: .utf8)
        return two.path
    }

    /// The same park and store, its clock at `now`.
    func at(_ now: Timestamp) -> ParkContext {
        ParkContext(park: context.park, parkFile: context.parkFile, stores: context.stores, now: { now })
    }

    func server(_ configuration: ServerConfiguration = ServerConfiguration(),
        context: ParkContext? = nil) -> ParkServer {
        ParkServer(context: context ?? self.context, key: key, configuration: configuration,
                   registry: PrometheusCollectorRegistry(), logger: Logger(label: "test"))
    }

    /// Runs `body` with a client of the server's router (no socket).
    func test(_ configuration: ServerConfiguration = ServerConfiguration(), context: ParkContext? = nil,
              _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: try await server(configuration, context: context).router())
        try await app.test(.router, body)
    }

    func bearer(_ who: String) -> HTTPFields { [.authorization: "Bearer \(tokens[who]!)"] }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is none).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}
