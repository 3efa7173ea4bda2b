import Foundation
import Testing

/// `greenpark dr join`: the hourly park of ScheduleCommandTests (one member taking 500 kWh an
/// hour, a battery) as one VEN in a grid operator's program, the operator being another park's
/// `greenpark serve` on loopback (its VTN) that issued the park a member token.
@Suite("The park as a VEN in a grid operator's program", .serialized)
struct ParkVENTests {
    @Test("events mirrored into the park's VTN and kept by its schedule; the ended one reported once")
    func join() throws {
        let upstream = try ServedPark()
        defer { _ = upstream.stop() }
        let grid = upstream.park.path
        #expect(try CLI.run(["dr", "program", "add", "--park", grid, "--name", "grid-peak"]).status == 0)
        let added = try CLI.run(["dr", "event", "add", "--park", grid, "--program", "grid-peak", "--name", "evening",
                                 "--start", "2023-06-08T20:00:00Z", "--intervals", "1", "--duration", "PT1H",
                                 "--payload", "IMPORT_CAPACITY_LIMIT:KW=0"])
        #expect(added.status == 0, "\(added.stderr)")
        let eventID = try #require(CLI.run(["dr", "events", "--park", grid]).stdout.split(separator: "\t").first)
        let park = try ScheduleCommandTests.park(ScheduleCommandTests.parkYAML + ScheduleCommandTests.storageYAML)
        let vtn = upstream.base.appendingPathComponent("openadr3").absoluteString
        let join = ["dr", "join", "--park", park, "--vtn", vtn, "--token", upstream.tokens["member"]!]
        let first = try CLI.run(join)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("1 programs, 1 events; VEN sched-park registered"), "\(first.stdout)")
        #expect(first.stdout.contains("1 created, 0 updated, 0 unchanged")
                    && first.stdout.contains("reported: \(eventID)"), "\(first.stdout)")
        // The park's own VTN holds the mirror, and the schedule keeps its limit: nothing imported in 20-21.
        let events = try CLI.run(["dr", "events", "--park", park]).stdout
        #expect(events.contains("grid:\(eventID)"), "\(events)")
        let json = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--format", "json", "--out", "-"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let intervals = object["intervals"] as! [[String: Any]]
        #expect(intervals[20]["import_limit_wh"] as? Int == 0 && intervals[20]["grid_import_wh"] as? Int == 0)
        // The grid operator has the park's report: one resource, one interval (500 kWh taken, nothing generated).
        let reports = try CLI.run(["dr", "reports", "--park", grid]).stdout.split(separator: "\n")
        #expect(reports.count == 1 && reports[0].contains("sched-park\t1 resources\t1 intervals"), "\(reports)")
        // A second round: nothing new, nothing reported twice.
        let second = try CLI.run(join)
        #expect(second.status == 0 && second.stdout.contains("already registered"), "\(second.stdout)")
        #expect(second.stdout.contains("0 created, 0 updated, 1 unchanged")
                    && second.stdout.contains("reported: none"), "\(second.stdout)")
        #expect(try CLI.run(["dr", "reports", "--park", grid]).stdout.split(separator: "\n").count == 1)
    }

    @Test("a wrong token and an unreachable VTN are errors naming the VTN; a missing token is bad input")
    func refusals() throws {
        let upstream = try ServedPark()
        defer { _ = upstream.stop() }
        let park = try ScheduleCommandTests.park(ScheduleCommandTests.parkYAML)
        let vtn = upstream.base.appendingPathComponent("openadr3").absoluteString
        let wrong = try CLI.run(["dr", "join", "--park", park, "--vtn", vtn, "--token", "nope"])
        #expect(wrong.status == 1 && wrong.stderr.contains("answered GET /programs with 401"), "\(wrong.stderr)")
        let down = try CLI.run(["dr", "join", "--park", park, "--vtn", "http://127.0.0.1:9/openadr3", "--token", "x"])
        #expect(down.status == 1 && down.stderr.contains("did not answer"), "\(down.stderr)")
        let none = try CLI.run(["dr", "join", "--park", park, "--vtn", vtn])
        #expect(none.status == 2 && none.stderr.contains("GREENPARK_VTN_TOKEN"), "\(none.stderr)")
    }
}
