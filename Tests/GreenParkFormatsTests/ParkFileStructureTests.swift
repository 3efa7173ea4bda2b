import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// The shape of the file: YAML syntax, empty files, duplicate and unknown keys, missing
/// fields, values of the wrong type, and reporting every problem at once.
@Suite("Park file: structure")
struct ParkFileStructureTests {
    // MARK: The file as a whole

    @Test(arguments: ["", "\n\n", "# only a comment\n"])
    func anEmptyFileIsOneClearError(yaml: String) {
        let issue = ParkYAML.onlyIssue(yaml)
        #expect(issue?.code == "park.empty")
        #expect(issue?.line == 0)
        #expect(issue?.reason.contains("version: 1") == true)
    }

    @Test(arguments: [("- version: 1\n- park: x\n", 1), ("\n\njust text\n", 3)])
    func aRootThatIsNotAMappingIsOneClearError(yaml: String, line: Int) {
        let issue = ParkYAML.onlyIssue(yaml)
        #expect(issue?.code == "park.not-a-mapping")
        #expect(issue?.line == line)
        #expect(issue?.reason.contains("mapping") == true)
    }

    @Test func aSyntaxErrorHasItsLine() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "    name: A Co.", with: "    name: [A Co.")
        let issue = ParkYAML.onlyIssue(yaml)
        #expect(issue?.code == "park.syntax")
        #expect(issue?.reason.hasPrefix("YAML syntax error: ") == true)
        #expect((9...11).contains(issue?.line ?? 0), "\(String(describing: issue))")
    }

    @Test func badIndentationIsASyntaxError() {
        let yaml = "version: 1\npark:\n  id: p\n name: P\n"
        let issue = ParkYAML.onlyIssue(yaml)
        #expect(issue?.code == "park.syntax")
        #expect(issue?.line == 4)
    }

    @Test func tabIndentationGetsAHint() {
        let issue = ParkYAML.onlyIssue("version: 1\npark:\n\tid: p\n")
        #expect(issue?.code == "park.syntax")
        #expect(issue?.line == 3)
        #expect(issue?.reason.contains("tabs") == true)
    }

    @Test func twoDocumentsAreASyntaxError() {
        let issue = ParkYAML.onlyIssue(ParkYAML.minimal + "---\nversion: 1\n")
        #expect(issue?.code == "park.syntax")
        #expect(issue?.line == 19)
    }

    @Test func loadReportsAMissingFile() throws {
        do {
            _ = try ParkFile.load(path: "/nonexistent/park.yaml")
            Issue.record("expected a rejection")
        } catch let rejected as InputRejected {
            #expect(rejected.code == "park.invalid")
            #expect(rejected.issues.map(\.code) == ["park.unreadable"])
            #expect(rejected.issues[0].file == "/nonexistent/park.yaml")
        }
    }

    @Test func loadReportsTextThatIsNotUTF8() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("park-\(UUID().uuidString).yaml").path
        var data = Data("version: 1\npark:\n  name: ".utf8)
        data.append(contentsOf: [0xC3, 0x28, 0x0A])
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ParkFile.load(path: path)
            Issue.record("expected a rejection")
        } catch let rejected as InputRejected {
            #expect(rejected.issues.map(\.code) == ["park.unreadable"])
            #expect(rejected.issues.first?.line == 3)
        }
    }

    // MARK: Keys

    @Test func aDuplicateKeyIsReportedAtItsSecondOccurrence() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  region: north\n", with: "  region: north\n  name: Again\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-key", line: 6, path: "park.name")
        #expect(issue?.reason.contains("line 4") == true)
        #expect(issue?.column == 3)
    }

    @Test func duplicateKeysDoNotHideOtherProblems() throws {
        let yaml = """
            version: 1
            park:
              id: p
              name: P
              region: east
              policy_profile: cn-650-2025
              id: q
            members:
              - id: a
                name: A
                meters: [a-main]
                name: B
                share: 2
                "name": C
            generators: []
            version: 1
            allocation: {key: static, key: weighted}

            """
        let rejected = try #require(ParkYAML.rejection(yaml))
        let summary = rejected.issues.map { "\($0.line) \($0.code) \($0.reason.prefix(while: { $0 != ":" }))" }
        #expect(summary == [
            "7 park.duplicate-key park.id",
            "12 park.duplicate-key members[0].name",
            "13 park.out-of-range members[0].share",
            "14 park.duplicate-key members[0].name",
            "16 park.duplicate-key version",
            "17 park.duplicate-key allocation.key",
        ], "\(rejected.issues)")
    }

    @Test func aDuplicateKeyInsideAnUnknownKeyIsStillReported() throws {
        let rejected = try #require(ParkYAML.rejection(ParkYAML.minimal + "extra:\n  a: 1\n  a: 2\n"))
        #expect(rejected.issues.map(\.code) == ["park.unknown-key", "park.duplicate-key"])
        #expect(rejected.issues.map(\.line) == [19, 21])
        #expect(rejected.issues[1].reason.contains("first given on line 20"))
    }

    @Test func aKeyWrittenThreeTimesIsReportedTwice() throws {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  region: north\n", with: "  region: north\n  region: south\n  region: west\n")
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.duplicate-key", "park.duplicate-key"])
        #expect(rejected.issues.map(\.line) == [6, 7])
    }

    @Test func mergeKeysAreNotSupported() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "park:\n", with: "park:\n  <<: {country: CN}\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-key", line: 3, path: "park.<<")
        #expect(issue?.reason.contains("merge keys") == true)
    }

    @Test func anUnknownKeySuggestsTheClosestKnownKey() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  region: north\n", with: "  region: north\n  timezon: Asia/Shanghai\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-key", line: 6, path: "park.timezon")
        #expect(issue?.reason.hasSuffix(#"did you mean "timezone"?"#) == true)
    }

    @Test func anUnknownKeyWithoutACloseMatchListsTheKnownKeys() {
        let issue = ParkYAML.onlyIssue(ParkYAML.minimal + "tariffs: {}\n")
        ParkYAML.expect(issue, code: "park.unknown-key", line: 19, path: "tariffs")
        #expect(issue?.reason.contains("known keys: version, park, members") == true)
    }

    @Test func unknownKeysInListItemsNameTheItem() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "    capacity_kw: 100", with: "    capacity_kW: 100")
        let rejected = ParkYAML.rejection(yaml)
        let unknown = rejected?.issues.first { $0.code == "park.unknown-key" }
        ParkYAML.expect(unknown, code: "park.unknown-key", line: 15, path: "generators[0].capacity_kW")
        #expect(unknown?.reason.hasSuffix(#"did you mean "capacity_kw"?"#) == true)
        // ... and the real key is then missing.
        let missing = rejected?.issues.first { $0.code == "park.missing-field" }
        ParkYAML.expect(missing, code: "park.missing-field", line: 12, path: "generators[0].capacity_kw")
    }

    // MARK: Required fields

    @Test(arguments: [
        ("  id: minimal\n", "park.id", 3),
        ("  name: Minimal Park\n", "park.name", 3),
        ("  region: north\n", "park.region", 3),
        ("  policy_profile: cn-650-2025\n", "park.policy_profile", 3),
        ("    name: A Co.\n", "members[0].name", 8),
        ("    meters: [a-main]\n", "members[0].meters", 8),
        ("    technology: wind\n", "generators[0].technology", 12),
        ("    commissioned: 2024-01-01\n", "generators[0].commissioned", 12),
        ("    registered: 2024-02-01\n", "generators[0].registered", 12),
        ("    meter: g-gen\n", "generators[0].meter", 12),
    ])
    func requiredFieldsAreReportedWhenMissing(line removed: String, path: String, line: Int) {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: removed, with: "")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.missing-field", line: line, path: path)
    }

    @Test func aRequiredFieldWithoutValueIsMissing() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  name: Minimal Park", with: "  name:")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.missing-field", line: 4, path: "park.name")
    }

    @Test func anEmptyNameIsAnError() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  name: Minimal Park", with: "  name: \"  \"")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.empty-value", line: 4, path: "park.name")
    }

    @Test func theGeneratorsKeyIsRequired() {
        let yaml = ParkYAML.minimal.components(separatedBy: "generators:")[0]
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.missing-field", line: 1, path: "generators")
        #expect(issue?.reason.contains("generators: []") == true)
    }

    @Test func theParkNeedsAMember() {
        let yaml = "version: 1\npark: {id: p, name: P, region: east, policy_profile: cn-650-2025}\nmembers: []\ngenerators: []\n"
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.empty-value", line: 3, path: "members")
    }

    @Test func aMemberNeedsAMeter() {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "meters: [a-main]", with: "meters: []")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.empty-value", line: 10, path: "members[0].meters")
    }

    // MARK: Types

    @Test(arguments: [
        ("meters: [a-main]", "meters: a-main", "members[0].meters", "list", 10),
        ("park:\n", "park: demo\nunused:\n", "park", "mapping", 2),
        ("members:\n", "members:\n  first:\n    id: a\nx:\n", "members", "list", 8),
        ("    name: A Co.", "    name: [A, B]", "members[0].name", "text", 9),
        ("capacity_kw: 100", "capacity_kw: {kw: 100}", "generators[0].capacity_kw", "decimal", 15),
        ("  - id: g\n", "  - g\n  - id: g\n", "generators[0]", "mapping", 12),
    ])
    func aValueOfTheWrongTypeNamesTheFieldAndTheExpectedType(old: String, new: String, path: String, expected: String, line: Int) throws {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: old, with: new)
        let rejected = try #require(ParkYAML.rejection(yaml))
        let issue = rejected.issues.first { $0.code == "park.wrong-type" }
        ParkYAML.expect(issue, code: "park.wrong-type", line: line, path: path)
        #expect(issue?.reason.contains("expected a") == true && issue?.reason.contains(expected) == true, "\(String(describing: issue))")
    }

    // MARK: All problems at once

    @Test func everyProblemOfTheFileIsReported() throws {
        let yaml = """
            version: 1
            park:
              id: demo park
              name: Demo
              timezone: Mars/Olympus
              country: cn
              region: east
              resolution_minutes: 7
              policy_profile: cn-650-2025
            members:
              - id: textiles
                name: Textiles
                meters: [textiles-main]
                share: 0.6
              - id: cement
                name: Cement
                meters: [textiles-main]
                share: 0.5
                wieght: 2
            generators:
              - id: pv
                name: PV
                technology: solar
                capacity_kw: -1
                commissioned: 2024-13-01
                registered: 2024-07-01
                meter: pv-gen
            meters:
              - id: nowhere
            certificates:
              scheme: gec

            """
        let rejected = try #require(ParkYAML.rejection(yaml))
        let summary = rejected.issues.map { "\($0.line) \($0.code)" }
        #expect(summary == [
            "3 park.invalid-id",
            "5 park.invalid-timezone",
            "6 park.invalid-country",
            "8 park.invalid-choice",
            "10 park.shares-exceed-one",
            "17 park.duplicate-id",
            "19 park.unknown-key",
            "23 park.invalid-choice",
            "24 park.out-of-range",
            "25 park.invalid-date",
            "29 park.unknown-meter",
        ], "\(rejected.issues)")
        #expect(rejected.totalIssues == 11)
        #expect(rejected.issues.allSatisfy { $0.file == "park.yaml" && $0.column != nil })
        #expect(rejected.message.contains("park.yaml:17:14: members[1].meters[0]: meter \"textiles-main\" is already a meter of member \"textiles\""))
        #expect(rejected.message.contains("rejected whole (11 problems)"))
    }
}
