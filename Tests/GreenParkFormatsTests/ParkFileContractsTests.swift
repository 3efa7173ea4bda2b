import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// The optional `contracts:` section: supply contracts that pin a member to named
/// generators (DOMAIN.md 3).
@Suite("Park file: contracts")
struct ParkFileContractsTests {
    /// Two members and two generators; `contracts:` appended to it starts on line 29.
    static let park = """
        version: 1
        park:
          id: p
          name: P
          region: east
          policy_profile: cn-650-2025
        members:
          - id: textiles
            name: T
            meters: [textiles-main]
          - id: cement
            name: C
            meters: [cement-main]
        generators:
          - id: pv-north
            name: PV
            technology: solar-pv
            capacity_kw: 100
            commissioned: 2024-01-01
            registered: 2024-02-01
            meter: pv-gen
          - id: wind-east
            name: W
            technology: wind
            capacity_kw: 200
            commissioned: 2024-01-01
            registered: 2024-02-01
            meter: wind-gen

        """

    /// `park` with `contracts` appended.
    private func withContracts(_ contracts: String) -> String { Self.park + contracts }

    // MARK: Valid contracts

    @Test func contractsAreReadInFileOrder() throws {
        let yaml = withContracts("""
            contracts:
              - member: cement
                generators: [wind-east, pv-north]
              - {member: textiles, generators: [wind-east]}

            """)
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        #expect(result.warnings.isEmpty)
        #expect(result.park.contracts == [
            SupplyContract(member: "cement", generators: ["wind-east", "pv-north"]),
            SupplyContract(member: "textiles", generators: ["wind-east"]),
        ])
    }

    @Test(arguments: ["", "contracts:\n", "contracts: []\n", "contracts: ~\n"])
    func noContractsIsTheDefault(section: String) throws {
        let park = try ParkFile.parse(yaml: withContracts(section), fileName: "park.yaml").park
        #expect(park.contracts.isEmpty)
    }

    @Test func theExampleHasNoContracts() throws {
        #expect(try ParkFile.load(path: ParkFileTests.examplePath).park.contracts.isEmpty)
    }

    // MARK: References

    @Test func theMemberMustBeAMemberOfThePark() {
        let yaml = withContracts("contracts:\n  - member: textile\n    generators: [pv-north]\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-reference", line: 30, path: "contracts[0].member")
        #expect(issue?.column == 13)
        #expect(issue?.reason == #"contracts[0].member: "textile" is not a member of the park; did you mean "textiles"?"#)
    }

    @Test func aGeneratorIsNotAContractMember() {
        let yaml = withContracts("contracts:\n  - member: pv-north\n    generators: [pv-north]\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-reference", line: 30, path: "contracts[0].member")
        #expect(issue?.reason.contains("it is a generator") == true, "\(String(describing: issue))")
    }

    @Test func everyGeneratorMustBeAGeneratorOfThePark() throws {
        let yaml = withContracts("contracts:\n  - member: cement\n    generators: [pv-north, wind-eats, hydro, textiles]\n")
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.count == 3, "\(rejected.issues)")
        ParkYAML.expect(rejected.issues[0], code: "park.unknown-reference", line: 31, path: "contracts[0].generators[1]")
        #expect(rejected.issues[0].reason.hasSuffix(#"is not a generator of the park; did you mean "wind-east"?"#))
        ParkYAML.expect(rejected.issues[1], code: "park.unknown-reference", line: 31, path: "contracts[0].generators[2]")
        #expect(rejected.issues[1].reason == #"contracts[0].generators[2]: "hydro" is not a generator of the park"#)
        ParkYAML.expect(rejected.issues[2], code: "park.unknown-reference", line: 31, path: "contracts[0].generators[3]")
        #expect(rejected.issues[2].reason.contains("it is a member"))
        #expect(rejected.issues.map(\.column) == [28, 39, 46])
    }

    @Test func aParkWithoutGeneratorsCannotHaveContracts() {
        let yaml = ParkYAML.minimal.components(separatedBy: "generators:")[0]
            + "generators: []\ncontracts:\n  - member: a\n    generators: [g]\n"
        let rejected = ParkYAML.rejection(yaml)
        #expect(rejected?.issues.map(\.code) == ["park.unknown-reference"])
        ParkYAML.expect(rejected?.issues.first, code: "park.unknown-reference", line: 14, path: "contracts[0].generators[0]")
    }

    @Test func anInvalidMemberIDCausesNoFollowOnReferenceError() {
        let yaml = withContracts("contracts:\n  - member: textiles\n    generators: [pv-north]\n")
            .replacingOccurrences(of: "  - id: textiles\n", with: "  - id: textiles!\n")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.invalid-id", line: 8, path: "members[0].id")
    }

    @Test func anUnreadableGeneratorCausesNoFollowOnReferenceError() {
        let yaml = withContracts("contracts:\n  - member: textiles\n    generators: [wind-east]\n")
            .replacingOccurrences(of: "  - id: wind-east\n", with: "  - id: wind east\n")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.invalid-id", line: 22, path: "generators[1].id")
    }

    // MARK: Duplicates and empty lists

    @Test func aContractListsEachGeneratorOnce() {
        let yaml = withContracts("contracts:\n  - member: cement\n    generators:\n      - pv-north\n      - wind-east\n      - pv-north\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 34, path: "contracts[0].generators[2]")
        #expect(issue?.reason.contains("contracts[0].generators[0], line 32") == true, "\(String(describing: issue))")
    }

    @Test func aMemberHasAtMostOneContract() {
        let yaml = withContracts("""
            contracts:
              - member: cement
                generators: [pv-north]
              - member: textiles
                generators: [pv-north]
              - member: cement
                generators: [wind-east]

            """)
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 34, path: "contracts[2].member")
        #expect(issue?.reason.contains(#"member "cement" already has a contract (contracts[0].member, line 30)"#) == true,
                "\(String(describing: issue))")
    }

    @Test func aContractNeedsAGenerator() {
        let yaml = withContracts("contracts:\n  - member: cement\n    generators: []\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.empty-value", line: 31, path: "contracts[0].generators")
        #expect(issue?.reason.contains("at least one generator") == true)
    }

    // MARK: Structure

    @Test(arguments: [
        ("contracts:\n  - generators: [pv-north]\n", "contracts[0].member"),
        ("contracts:\n  - member: cement\n", "contracts[0].generators"),
    ])
    func memberAndGeneratorsAreRequired(section: String, path: String) {
        ParkYAML.expect(ParkYAML.onlyIssue(withContracts(section)), code: "park.missing-field", line: 30, path: path)
    }

    @Test func anUnknownKeyInAContractIsAnError() {
        let yaml = withContracts("contracts:\n  - member: cement\n    generators: [pv-north]\n    since: 2024-01-01\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-key", line: 32, path: "contracts[0].since")
        #expect(issue?.reason.hasSuffix("known keys: member, generators") == true, "\(String(describing: issue))")
    }

    @Test func aMisspeltKeyInAContractGetsASuggestion() throws {
        let yaml = withContracts("contracts:\n  - member: cement\n    generator: [pv-north]\n")
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.missing-field", "park.unknown-key"])
        ParkYAML.expect(rejected.issues[1], code: "park.unknown-key", line: 31, path: "contracts[0].generator")
        #expect(rejected.issues[1].reason.hasSuffix(#"did you mean "generators"?"#))
    }

    @Test(arguments: [
        ("contracts: {member: cement}\n", "contracts", "list", 29),
        ("contracts:\n  - cement\n", "contracts[0]", "mapping", 30),
        ("contracts:\n  - member: cement\n    generators: pv-north\n", "contracts[0].generators", "list", 31),
        ("contracts:\n  - member: [cement]\n    generators: [pv-north]\n", "contracts[0].member", "identifier", 30),
    ])
    func aValueOfTheWrongTypeIsReported(section: String, path: String, expected: String, line: Int) {
        let issue = ParkYAML.onlyIssue(withContracts(section))
        ParkYAML.expect(issue, code: "park.wrong-type", line: line, path: path)
        #expect(issue?.reason.contains(expected) == true, "\(String(describing: issue))")
    }

    @Test func contractIDsAreIdentifiers() throws {
        let yaml = withContracts("contracts:\n  - member: cement works\n    generators: [pv/north]\n")
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.invalid-id", "park.invalid-id"])
        #expect(rejected.issues.map { String($0.reason.prefix(while: { $0 != ":" })) }
            == ["contracts[0].member", "contracts[0].generators[0]"])
    }

    @Test func everyContractProblemIsReportedAtOnce() throws {
        let yaml = withContracts("""
            contracts:
              - member: cement
                generators: [pv-north, pv-north]
              - member: nobody
                generators: []
              - member: cement
                generators: [sun]
                extra: 1

            """)
        let rejected = try #require(ParkYAML.rejection(yaml))
        let summary = rejected.issues.map { "\($0.line) \($0.code) \($0.reason.prefix(while: { $0 != ":" }))" }
        #expect(summary == [
            "31 park.duplicate-id contracts[0].generators[1]",
            "32 park.unknown-reference contracts[1].member",
            "33 park.empty-value contracts[1].generators",
            "34 park.duplicate-id contracts[2].member",
            "35 park.unknown-reference contracts[2].generators[0]",
            "36 park.unknown-key contracts[2].extra",
        ], "\(rejected.issues)")
    }
}
