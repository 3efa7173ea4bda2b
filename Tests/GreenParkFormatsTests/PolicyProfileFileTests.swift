import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// `policy_profile: none` and a park's own profile file, validated like the shipped ones.
@Suite("Policy profiles: none, and a file of the park's own")
struct PolicyProfileFileTests {
    static let ownProfile = """
        # Next year's rules, as a park expects them.
        id: my-rules-2027
        name: Expected 2027 rules
        source: draft notice, 2026
        checks:
          - id: green_share
            min: 0.40
            from:
              2030-01-01: 0.45
          - id: surplus_share
            max: 0.15

        """

    /// A park file in a fresh directory naming `profile`, with `files` written beside it.
    func park(profile: String, files: [String: String] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "greenpark-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("rules"), withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let url = dir.appendingPathComponent("park.yaml")
        try ParkYAML.replacing("  policy_profile: cn-650-2025\n", with: "  policy_profile: \(profile)\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("none: accepted, and the period is checked against nothing")
    func none() throws {
        let url = try park(profile: "none")
        let park = try ParkFile.load(path: url.path).park
        #expect(park.settings.policyProfile == "none")
        #expect(try PolicyProfileCatalog.profile(for: park, parkDirectory: url.deletingLastPathComponent()) == .none)
        #expect(PolicyProfile.none.rules.isEmpty)
    }

    @Test("a profile file next to the park file is read and used")
    func ownFile() throws {
        let url = try park(profile: "rules/next-year.yaml", files: ["rules/next-year.yaml": Self.ownProfile])
        let park = try ParkFile.load(path: url.path).park
        let profile = try PolicyProfileCatalog.profile(for: park, parkDirectory: url.deletingLastPathComponent())
        #expect(profile.id == "my-rules-2027" && profile.rules.count == 2)
        #expect(
            profile.rules[0].threshold(forPeriodStarting: CivilDate(year: 2029, month: 1, day: 1))
                == Fixed6(millionths: 400_000))
        #expect(
            profile.rules[0].threshold(forPeriodStarting: CivilDate(year: 2030, month: 1, day: 1))
                == Fixed6(millionths: 450_000))
        #expect(profile.rules[1].bound == .max)
    }

    @Test("a profile file that is not valid is a park file error at policy_profile, with the profile's own lines")
    func invalidFile() throws {
        let bad = Self.ownProfile
            .replacingOccurrences(of: "    min: 0.40", with: "    min: 1.5")
            .replacingOccurrences(of: "    max: 0.15", with: "    max: 0.15\n    maximum: 2")
        let url = try park(profile: "rules/bad.yaml", files: ["rules/bad.yaml": bad])
        do {
            _ = try ParkFile.load(path: url.path)
            Issue.record("accepted")
        } catch let rejected as InputRejected {
            #expect(rejected.issues.count == 1)
            let issue = try #require(rejected.issues.first)
            #expect(issue.code == "park.invalid-policy-profile" && issue.line == 6, "\(issue)")
            #expect(
                issue.reason.hasPrefix("park.policy_profile: \"rules/bad.yaml\" is not a valid policy profile"),
                "\(issue)")
            // min on line 7 of the profile; the unknown key on line 12.
            #expect(
                issue.reason.contains("rules/bad.yaml:7:10: checks[0].min: expected a ratio from 0 to 1"), "\(issue)")
            #expect(issue.reason.contains("rules/bad.yaml:12:5: checks[1].maximum: unknown key"), "\(issue)")
        }
        let missing = try park(profile: "rules/none-here.yaml")
        #expect(throws: InputRejected.self) { try ParkFile.load(path: missing.path) }
    }

    @Test(arguments: [
        ("id: my-rules-2027\n", "id: my rules\n", "id: \"my rules\" is not a valid identifier"),
        ("  - id: green_share\n", "  - id: green_ratio\n", "checks[0].id: expected one of"),
        ("    max: 0.15\n", "    max: 0.15\n    min: 0.1\n", "checks[1]: give exactly one of min or max"),
        ("  - id: surplus_share\n", "  - id: green_share\n", "green_share has two min checks"),
        ("      2030-01-01: 0.45\n", "      2030-02-30: 0.45\n", "is not a date YYYY-MM-DD"),
        ("source: draft notice, 2026\n", "", "source: required field is missing"),
    ])
    func rules(old: String, new: String, problem: String) {
        var text = Self.ownProfile.replacingOccurrences(of: old, with: new)
        if problem.hasPrefix("green_share has two") {
            text = text.replacingOccurrences(of: "    max: 0.15", with: "    min: 0.15")
        }
        #expect(throws: InputRejected.self) { try PolicyProfileCatalog.parse(text, name: "p.yaml") }
        do { _ = try PolicyProfileCatalog.parse(text, name: "p.yaml") } catch let rejected as InputRejected {
            #expect(rejected.code == "policy.invalid")
            #expect(rejected.issues.contains { $0.reason.contains(problem) }, "\(rejected.issues)")
        } catch { Issue.record("\(error)") }
    }

    @Test("the shipped profiles pass the same reader")
    func shipped() throws {
        let all = try PolicyProfileCatalog.shipped()
        #expect(all["cn-650-2025-hunan"]?.rules.map(\.metric) == [.selfConsumptionRatio, .greenShare, .surplusShare])
    }
}
