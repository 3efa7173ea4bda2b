import Foundation
import Testing

@Suite("greenpark certificates: list, transfer, redeem, and the refusals", .serialized)
struct CertificatesCommandTests {
    @Test("manual transfer splits a range; redemption by id; double redemption, non-owner and above consumption are refused")
    func byHand() throws {
        let dir = try CLI.directory()
        let park = RunCommandTests.fixture.appendingPathComponent("park.yaml").path
        let common = ["--park", park, "--database", dir.appendingPathComponent("park.sqlite").path,
                      "--operator-key", dir.appendingPathComponent("operator.key").path]
        let run = try RunCommandTests().runSmallPark(dir)
        #expect(run.status == 0, "\(run.stderr)")
        let list = try CLI.run(["certificates", "list"] + common + ["--owner", "a"])
        #expect(list.stdout.contains("GC-small-park-pv-0000000001,GC-small-park-pv-0000001751,pv"))

        // a gives 100 of its pv certificates to b: the range splits.
        let moved = try CLI.run(["certificates", "transfer"] + common + ["--first-id", "GC-small-park-pv-0000000001",
                                 "--last-id", "GC-small-park-pv-0000000100", "--from-owner", "a", "--to", "b"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let afterMove = try CLI.run(["certificates", "list"] + common + ["--owner", "b"])
        #expect(afterMove.stdout.contains("GC-small-park-pv-0000000001,GC-small-park-pv-0000000100,pv"))

        let redeem = ["certificates", "redeem"] + common + ["--member", "b", "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z",
                                                             "--out", dir.appendingPathComponent("statements").path]
        let first = try CLI.run(redeem + ["--first-id", "GC-small-park-pv-0000000001", "--last-id", "GC-small-park-pv-0000000100"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("RS-small-park-1: b redeemed 100 Wh"))
        let again = try CLI.run(redeem + ["--first-id", "GC-small-park-pv-0000000050"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("redeemed already"))
        let notOwner = try CLI.run(redeem + ["--first-id", "GC-small-park-pv-0000000200"])
        #expect(notOwner.status == 2)
        #expect(notOwner.stderr.contains("belongs to a, not b"))
        // b consumed 5,002 Wh in the hour; 100 are covered: asking for 0.006 MWh (6,000 Wh) is too much.
        let tooMuch = try CLI.run(redeem + ["--volume-mwh", "0.006"])
        #expect(tooMuch.status == 2)
        #expect(tooMuch.stderr.contains("consumption"))
        // The ledger still verifies after all of it.
        let verify = try CLI.run(["ledger", "verify"] + common.prefix(4) + ["--public-key", dir.appendingPathComponent("operator.pub").path])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
