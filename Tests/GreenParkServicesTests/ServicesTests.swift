import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore
import Testing

/// The use cases on the store protocols: the same sequence on the in-memory twins and on
/// SQLite gives the same certificates, statements and ledger checks.
@Suite("Application layer on in-memory and SQLite stores")
struct ServicesTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GreenParkCLITests/Fixtures/small-park")
    static let hour = (Timestamp(CivilDate(year: 2023, month: 6, day: 1)),
                       Timestamp(CivilDate(year: 2023, month: 6, day: 1)).adding(seconds: 3600))

    func context(_ stores: ParkStores) throws -> ParkContext {
        let parkFile = Self.fixture.appendingPathComponent("park.yaml")
        return ParkContext(park: try ParkFile.load(path: parkFile.path).park, parkFile: parkFile, stores: stores,
                           now: { Timestamp(CivilDate(year: 2023, month: 7, day: 1)) })
    }

    func sqlite() throws -> ParkStores {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path).stores
    }

    /// Import, allocate, certify with redemption, a manual transfer and a claim on the same hour.
    func scenario(_ stores: ParkStores, key: OperatorKey) throws -> (CertificateService.Result, RedemptionStatement) {
        let context = try context(stores)
        _ = try ImportService(context: context).importFile(Self.fixture.appendingPathComponent("readings.csv").path,
                                                           options: ImportOptions())
        let allocation = try AllocationService(context: context).allocate(from: Self.hour.0, to: Self.hour.1, gaps: .fail)
        let certificates = CertificateService(context: context, key: key)
        let result = try certificates.certify(allocation, redeem: true, at: context.now())
        // pv's 2,250 surplus certificates of the hour to b, who then claims the hour: 5,002 - 3,001 = 2,001 Wh fit.
        _ = try certificates.transfer(first: "GC-small-park-pv-0000003752", last: "GC-small-park-pv-0000006001",
                                      from: "pv", to: "b")
        let (claim, _) = try certificates.redeem(.init(member: "b", from: Self.hour.0, to: Self.hour.1, label: "hour"))
        return (result, claim)
    }

    @Test("the worked small park through the services: 3,001 Wh redeemed each, then 2,001 more for b, never more")
    func inMemory() throws {
        let stores = ParkStores.inMemory(), key = OperatorKey()
        let (result, claim) = try scenario(stores, key: key)
        #expect(result.statements.map(\.volumeWh) == [3001, 3001])
        #expect(claim.volumeWh == 2001)
        let verified = try LedgerService(context: try context(stores)).verify(publicKey: OperatorPublicKey(hex: key.publicKeyHex))
        #expect(verified.entries > 0)
        // The key of the ledger is the park's: another is refused.
        #expect(throws: OperatorKeyMismatch.self) {
            try CertificateService(context: try context(stores), key: OperatorKey())
                .transfer(first: "GC-small-park-pv-0000000001", last: "GC-small-park-pv-0000000001", from: "a", to: "b")
        }
    }

    @Test("in memory and in SQLite: the same registry, statements and coverage")
    func parity() throws {
        let key = OperatorKey()
        let memory = ParkStores.inMemory(), database = try sqlite()
        let (a, claimA) = try scenario(memory, key: key)
        let (b, claimB) = try scenario(database, key: key)
        #expect(a.statements.map(\.coverage) == b.statements.map(\.coverage))
        #expect(claimA.coverage == claimB.coverage)
        let rangesA = try memory.certificates.loadRegistry(parkId: "small-park").ranges
        let rangesB = try database.certificates.loadRegistry(parkId: "small-park").ranges
        #expect(rangesA.map { "\($0.firstId) \($0.owner) \($0.status)" } == rangesB.map { "\($0.firstId) \($0.owner) \($0.status)" })
        #expect(try memory.certificates.redemptionStatements(parkId: "small-park").map(\.volumeWh)
            == database.certificates.redemptionStatements(parkId: "small-park").map(\.volumeWh))
    }
}
