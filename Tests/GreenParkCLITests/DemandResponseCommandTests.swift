import Foundation
import Testing

/// `greenpark dr`: the operator's programs, events and reports on the park's store.
@Suite("greenpark dr: programs, events, reports")
struct DemandResponseCommandTests {
    /// The three-member park, initialised, in a temporary directory; its park file.
    static func park() throws -> String {
        let directory = try CLI.directory()
        let park = directory.appendingPathComponent("park.yaml")
        try FileManager.default.copyItem(at: ServedPark.fixture.appendingPathComponent("park.yaml"), to: park)
        #expect(try CLI.run(["init", "--park", park.path]).status == 0)
        return park.path
    }

    @Test("program add, event add with 4 intervals, listed; a second program of the name refused (exit 2)")
    func addAndList() throws {
        let park = try Self.park()
        let added = try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak-shaving"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("(peak-shaving) added"))
        let again = try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak-shaving"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("peak-shaving"))
        let event = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak-shaving",
                                 "--start", "2026-07-01T10:00:00Z", "--intervals", "4", "--duration", "PT15M",
                                 "--payload", "IMPORT_CAPACITY_LIMIT:KW=500,500,400,800", "--name", "noon"])
        #expect(event.status == 0, "\(event.stderr)")
        #expect(event.stdout.contains("4 intervals of PT15M from 2026-07-01T10:00:00Z"))
        let programs = try CLI.run(["dr", "programs", "--park", park])
        #expect(programs.stdout.split(separator: "\n").count == 1)
        #expect(programs.stdout.contains("\tpeak-shaving\t"))
        let events = try CLI.run(["dr", "events", "--park", park])
        #expect(events.stdout.contains("\tnoon\t2026-07-01T10:00:00Z\t4 intervals\tIMPORT_CAPACITY_LIMIT"),
                "\(events.stdout)")
        let reports = try CLI.run(["dr", "reports", "--park", park])
        #expect(reports.status == 0)
        #expect(reports.stdout.isEmpty)
    }

    /// A payload without values, 3 values for 4 intervals, an unknown program, a month-long duration.
    @Test("bad event input exits 2 and stores nothing")
    func refusals() throws {
        let park = try Self.park()
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "p"]).status == 0)
        let base = ["dr", "event", "add", "--park", park, "--start", "2026-07-01T10:00:00Z", "--intervals", "4"]
        for extra in [["--program", "p", "--duration", "PT15M", "--payload", "SIMPLE"],
                      ["--program", "p", "--duration", "PT15M", "--payload", "SIMPLE=1,2,3"],
                      ["--program", "q", "--duration", "PT15M", "--payload", "SIMPLE=1"],
                      ["--program", "p", "--duration", "P1M", "--payload", "SIMPLE=1"]] {
            let result = try CLI.run(base + extra)
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        #expect(try CLI.run(["dr", "events", "--park", park]).stdout.isEmpty)
    }

    @Test("--help says notifications are sent by the server only")
    func help() throws {
        let help = try CLI.run(["dr", "event", "add", "--help"])
        #expect(help.stdout.contains("subscribers are"))
        #expect(help.stdout.contains("--payload"))
        #expect(try CLI.run(["dr", "--help"]).stdout.contains("notifications are sent by"))
    }
}
