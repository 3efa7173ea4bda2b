import Foundation
import Testing

@Suite("greenpark run: policy_profile none and a park's own profile file", .serialized)
struct PolicyProfileCommandTests {
    func run(_ dir: URL, profile: String) throws -> CLI.Result {
        let park = try EvidenceEdgeTests().park(dir) {
            $0.replacingOccurrences(of: "policy_profile: cn-650-2025", with: "policy_profile: \(profile)")
        }
        return try CLI.run([
            "run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
            "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out",
            dir.appendingPathComponent("out").path,
        ])
    }

    @Test("none: the run has no policy checks")
    func none() throws {
        let dir = try CLI.directory()
        let result = try run(dir, profile: "none")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("policy none: no checks"), "\(result.stdout)")
        let summary = try String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"profile\": \"none\"") && summary.contains("\"checks\": []"))
    }

    @Test("the park's own file: its thresholds are the checks; a broken one exits 2 before anything runs")
    func ownFile() throws {
        let dir = try CLI.directory()
        // The small park's green share over the hour is well below 0.9 (see its README).
        try "id: strict\nname: Strict\nsource: test\nchecks:\n  - id: green_share\n    min: 0.9\n"
            .write(to: dir.appendingPathComponent("strict.yaml"), atomically: true, encoding: .utf8)
        let result = try run(dir, profile: "strict.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("policy strict: FAIL (green_share >= 0.9: FAIL)"), "\(result.stdout)")
        try "id: strict\nname: Strict\nsource: test\nchecks:\n  - id: green_share\n    min: 90\n"
            .write(to: dir.appendingPathComponent("strict.yaml"), atomically: true, encoding: .utf8)
        let broken = try run(dir, profile: "strict.yaml")
        #expect(
            broken.status == 2
                && broken.stderr.contains("strict.yaml:6:10: checks[0].min: expected a ratio from 0 to 1"),
            "\(broken.stderr)")
    }
}
