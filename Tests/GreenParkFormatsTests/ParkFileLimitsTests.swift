import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// Values so large that arithmetic on them would overflow are input errors with field
/// and line, never a trap (issue 10).
@Suite("Park file: numbers too large to compute with")
struct ParkFileLimitsTests {
    private func replacing(_ old: String, with new: String) -> String { ParkYAML.replacing(old, with: new) }

    @Test("a decimal whose whole part fits but whose fraction overflows is out of range, not a trap")
    func decimalOverflow() {
        // 9,223,372,036,854 x 10^6 + 900,000 > Int64.max: this trapped in Fixed6 parsing.
        let yaml = replacing("capacity_kw: 100", with: "capacity_kw: 9223372036854.9")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.out-of-range", line: 15, path: "generators[0].capacity_kw")
        #expect(issue?.reason.contains("too large") == true)
    }

    @Test("two weights of 5e12 pass each alone, but their sum does not fit: the second weight is refused")
    func weightSum() {
        // 5e12 = 5 x 10^18 millionths; two of them are 10^19 > 9.22 x 10^18.
        let yaml = ParkFileValidationTests.twoMembers(shares: (nil, nil))
            .replacingOccurrences(of: "meters: [one-main]", with: "meters: [one-main]\n    weight: 5000000000000")
            .replacingOccurrences(of: "meters: [two-main]", with: "meters: [two-main]\n    weight: 5000000000000")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(
            issue, code: "park.out-of-range", line: ParkYAML.line(of: "weight", in: yaml, occurrence: 2),
            path: "members[1].weight")
        #expect(issue?.reason.contains("add up to more than 9223372036854.775807") == true)
        // One of them alone is fine.
        let one = ParkFileValidationTests.twoMembers(shares: (nil, nil))
            .replacingOccurrences(of: "meters: [one-main]", with: "meters: [one-main]\n    weight: 5000000000000")
        #expect((try? ParkFile.parse(yaml: one, fileName: "park.yaml")) != nil)
    }

    @Test("the allocation rule refuses weights that overflow even when a park is built in code")
    func ruleRefusesOverflowingWeights() {
        let huge = Fixed6(millionths: 5_000_000_000_000_000_000)
        let park = Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"),
            members: [
                Member(id: "a", name: "A", meters: ["a1"], weight: huge),
                Member(id: "b", name: "B", meters: ["b1"], weight: huge),
            ],
            generators: [], allocation: AllocationSettings(key: .weighted))
        #expect(throws: AllocationSetupError.self) { try AllocationRule(park: park) }
    }

    @Test(arguments: [
        ("capacity_kw: 100", "capacity_kw: 1000000000.000001", "generators[0].capacity_kw"),
        ("meters: [a-main]", "meters: [a-main]\n    weight: -0.000001", "members[0].weight"),
    ])
    func boundedValues(old: String, new: String, path: String) {
        let yaml = replacing(old, with: new)
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(
            issue, code: "park.out-of-range",
            line: ParkYAML.line(of: path.hasSuffix("weight") ? "weight" : "capacity_kw", in: yaml),
            path: path)
    }

    @Test("meter limits, rollover and the capacity margin have upper bounds")
    func meterBounds() {
        // margin 9223372036854 trapped in 1,000,000 + margin millionths when the importer built its limits.
        let yaml =
            ParkYAML.minimal + """
                meters:
                  - id: a-main
                    max_kw: 1000000001
                  - id: g-gen
                    register_rollover_kwh: 100000000.5
                validation:
                  capacity_margin: 9223372036854

                """
        guard let rejected = ParkYAML.rejection(yaml) else { return }
        let paths = rejected.issues.map { String($0.reason.prefix { $0 != ":" }) }
        #expect(
            paths == ["meters[0].max_kw", "meters[1].register_rollover_kwh", "validation.capacity_margin"],
            "\(rejected.issues)")
        #expect(rejected.issues.allSatisfy { $0.code == "park.out-of-range" })
        #expect(rejected.issues.map(\.line) == [21, 23, 25])
    }

    @Test("a park built in code with a huge margin gets no limit instead of a trap")
    func catalogueDoesNotTrap() {
        var park = Park(
            settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"),
            members: [Member(id: "a", name: "A", meters: ["a1"])],
            generators: [
                Generator(
                    id: "g", name: "G", technology: .wind, capacityKW: Fixed6(100),
                    commissioned: CivilDate(year: 2023, month: 1, day: 1),
                    registered: CivilDate(year: 2023, month: 1, day: 1), meter: "g1")
            ])
        park.validation.capacityMargin = Fixed6(millionths: Int64.max)
        #expect(park.meterCatalogue[1].maxWatts == nil)
    }
}
