import Foundation
import Testing

@Suite("Numbers that used to trap are bad input: exit code 2", .serialized)
struct OverflowExitCodeTests {
    @Test("9223372036854.9 and two weights of 5e12: park check and run exit 2 with field and line")
    func exitTwo() throws {
        let dir = try CLI.directory()
        let fixed6 = try EvidenceEdgeTests().park(dir) {
            // The first generator's (pv, line 23) capacity.
            let pv = "\n    commissioned: 2023-01-01\n    registered: 2023-01-01\n    meter: pv1"
            return $0.replacingOccurrences(of: "capacity_kw: 100" + pv, with: "capacity_kw: 9223372036854.9" + pv)
        }
        let check = try CLI.run(["park", "check", fixed6])
        #expect(
            check.status == 2 && !check.signalled && check.stderr.contains("park.yaml:23:")
                && check.stderr.contains("generators[0].capacity_kw"),
            "\(check.stderr)")
        let weighted = try EvidenceEdgeTests().park(dir) {
            $0.replacingOccurrences(of: "    meters: [a1]\n", with: "    meters: [a1]\n    weight: 5000000000000\n")
                .replacingOccurrences(of: "    meters: [b1]\n", with: "    meters: [b1]\n    weight: 5000000000000\n")
                .replacingOccurrences(of: "  key: pro-rata", with: "  key: weighted")
        }
        let run = try CLI.run([
            "run", "--park", weighted, "--readings",
            RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
            "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out",
            dir.appendingPathComponent("out").path,
        ])
        #expect(
            run.status == 2 && !run.signalled && run.stderr.contains("members[1].weight")
                && run.stderr.contains("add up to more than"),
            "\(run.stderr)")
    }
}
