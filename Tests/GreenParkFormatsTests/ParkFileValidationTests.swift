import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// One test per validation rule of the park file: code, line, and the field path at the
/// start of the reason.
@Suite("Park file: validation rules")
struct ParkFileValidationTests {
    private func replacing(_ old: String, with new: String) -> String { ParkYAML.replacing(old, with: new) }

    // MARK: Identifiers

    @Test(arguments: [
        ("  id: minimal", "  id: \"demo park\"", "park.id"),
        ("  - id: a\n", "  - id: a/b\n", "members[0].id"),
        ("meters: [a-main]", "meters: [a.main]", "members[0].meters[0]"),
        ("    meter: g-gen", "    meter: g-gen-ü", "generators[0].meter"),
        ("  - id: g\n", "  - id: \(String(repeating: "x", count: 65))\n", "generators[0].id"),
    ])
    func identifiersAreLettersDigitsDashUnderscore(old: String, new: String, path: String) {
        let yaml = replacing(old, with: new)
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-id", line: ParkYAML.line(of: new.trimmingCharacters(in: .newlines), in: yaml), path: path)
        #expect(issue?.reason.contains("letters, digits") == true)
    }

    @Test func sixtyFourCharacterIdentifiersAreAccepted() throws {
        let id = String(repeating: "A_9-", count: 16)
        _ = try ParkFile.parse(yaml: replacing("  id: minimal", with: "  id: \(id)"), fileName: "park.yaml")
    }

    // MARK: Duplicate ids

    @Test func memberIDsAreUnique() {
        let yaml = replacing("generators:", with: """
              - id: a
                name: Another A
                meters: [a2-main]
            generators:
            """)
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 11, path: "members[1].id")
        #expect(issue?.reason.contains("members[0].id, line 8") == true)
    }

    @Test func generatorIDsAreUnique() {
        let yaml = ParkYAML.minimal + """
              - id: g
                name: G2
                technology: solar-pv
                capacity_kw: 5
                commissioned: 2024-01-01
                registered: 2024-01-01
                meter: g2-gen

            """
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 19, path: "generators[1].id")
        #expect(issue?.reason.contains("generators[0].id, line 12") == true)
    }

    @Test func aGeneratorMayNotShareAMemberID() {
        let yaml = replacing("  - id: g\n", with: "  - id: a\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 12, path: "generators[0].id")
        #expect(issue?.reason.contains("members[0].id, line 8") == true)
    }

    @Test func aMeterBelongsToOneMemberOnly() {
        let yaml = """
            version: 1
            park: {id: p, name: P, region: east, policy_profile: cn-650-2025}
            members:
              - id: textiles
                name: T
                meters: [textiles-main, cement-kiln]
              - id: cement
                name: C
                meters: [cement-kiln, cement-mill]
            generators: []

            """
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 9, path: "members[1].meters[0]")
        #expect(issue?.reason.hasPrefix(#"members[1].meters[0]: meter "cement-kiln" is already a meter of member "textiles""#) == true)
        #expect(issue?.reason.contains("members[0].meters[1]") == true)
        #expect(issue?.column == 14)
    }

    @Test func aGeneratorMeterIsNotAlsoAMemberMeter() {
        let yaml = replacing("    meter: g-gen", with: "    meter: a-main")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 18, path: "generators[0].meter")
        #expect(issue?.reason.contains(#"meter "a-main" is already a meter of member "a" (members[0].meters[0], "#
                                           + #"line 10); a meter belongs to exactly one member, generator or storage "#
                                           + #"device"#) == true)
    }

    @Test func meterSettingsNameAKnownMeter() {
        let yaml = ParkYAML.minimal + "meters:\n  - id: x\n    max_kw: 5\n"
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.unknown-meter", line: 20, path: "meters[0].id")
        #expect(issue?.reason == #"meters[0].id: meter "x" is not a meter of any member, generator or storage device"#)
    }

    @Test func unknownMeterSuggestsACloseOne() {
        let issue = ParkYAML.onlyIssue(ParkYAML.minimal + "meters:\n  - id: a-mian\n")
        #expect(issue?.reason.hasSuffix(#"did you mean "a-main"?"#) == true)
    }

    @Test func meterSettingsAreGivenOncePerMeter() {
        let yaml = ParkYAML.minimal + "meters:\n  - id: g-gen\n  - id: g-gen\n"
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.duplicate-id", line: 21, path: "meters[1].id")
    }

    // MARK: Decimals

    @Test func decimalsAreParsedExactlyFromTheText() throws {
        let yaml = replacing("meters: [a-main]", with: "meters: [a-main]\n    share: 0.123456\n    weight: 9007199254.740993")
            .replacingOccurrences(of: "capacity_kw: 100", with: "capacity_kw: 0.1")
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.members[0].share?.millionths == 123_456)
        // 2^53 + 1 millionths: not representable as a Double, exact here.
        #expect(park.members[0].weight?.millionths == 9_007_199_254_740_993)
        #expect(park.generators[0].capacityKW.millionths == 100_000)
    }

    @Test(arguments: [
        ("meters: [a-main]", "meters: [a-main]\n    share: 0.1234567", "members[0].share"),
        ("capacity_kw: 100", "capacity_kw: 100.0000001", "generators[0].capacity_kw"),
    ])
    func moreThanSixDecimalsIsAnError(old: String, new: String, path: String) {
        let yaml = replacing(old, with: new)
        let issue = ParkYAML.onlyIssue(yaml)
        let marker = String(new.split(separator: "\n").last!).trimmingCharacters(in: .whitespaces)
        ParkYAML.expect(issue, code: "park.too-many-decimals", line: ParkYAML.line(of: marker, in: yaml), path: path)
        #expect(issue?.reason.contains("more than 6 decimal places") == true)
    }

    @Test(arguments: ["1e3", "ten", "0x10", "1,5", "1.2.3", ".inf"])
    func aDecimalMustBeAPlainNumber(text: String) {
        let yaml = replacing("capacity_kw: 100", with: "capacity_kw: \(text)")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-number", line: 15, path: "generators[0].capacity_kw")
    }

    @Test(arguments: ["1.5", "-0.1", "1.000001"])
    func aShareIsBetweenZeroAndOne(share: String) {
        let yaml = replacing("meters: [a-main]", with: "meters: [a-main]\n    share: \(share)")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.out-of-range", line: 11, path: "members[0].share")
        #expect(issue?.reason.contains("between 0 and 1") == true)
    }

    @Test func sharesMaySumToExactlyOne() throws {
        let yaml = Self.twoMembers(shares: ("0.3", "0.7"))
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.members.compactMap(\.share).map(\.millionths) == [300_000, 700_000])
    }

    @Test func sharesMayNotSumToMoreThanOne() {
        let yaml = Self.twoMembers(shares: ("0.55", "0.50"))
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.shares-exceed-one", line: 3, path: "members")
        #expect(issue?.reason.contains("1.05") == true)
    }

    @Test(arguments: ["0", "-1"])
    func aWeightIsPositive(weight: String) {
        let yaml = replacing("meters: [a-main]", with: "meters: [a-main]\n    weight: \(weight)")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.out-of-range", line: 11, path: "members[0].weight")
    }

    @Test(arguments: ["0", "-10", "0.000000"])
    func aCapacityIsPositive(capacity: String) {
        let yaml = replacing("capacity_kw: 100", with: "capacity_kw: \(capacity)")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.out-of-range", line: 15, path: "generators[0].capacity_kw")
    }

    @Test func meterLimitsArePositiveAndMarginIsNotNegative() throws {
        let yaml = ParkYAML.minimal + """
            meters:
              - id: a-main
                max_kw: 0
                register_rollover_kwh: -5
            validation:
              capacity_margin: -0.01

            """
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.out-of-range", "park.out-of-range", "park.out-of-range"])
        #expect(rejected.issues.map(\.line) == [21, 22, 24])
        #expect(rejected.issues[0].reason.hasPrefix("meters[0].max_kw: "))
        #expect(rejected.issues[1].reason.hasPrefix("meters[0].register_rollover_kwh: "))
        #expect(rejected.issues[2].reason.hasPrefix("validation.capacity_margin: "))
        _ = try ParkFile.parse(yaml: ParkYAML.minimal + "validation:\n  capacity_margin: 0\n", fileName: "park.yaml")
    }

    @Test func numericEmissionFactorsAreExactAndNotNegative() throws {
        let yaml = ParkYAML.minimal + "emission_factors:\n  location: -0.5\n  residual: 0.1234567\n  year: 1800\n"
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.out-of-range", "park.too-many-decimals", "park.out-of-range"])
        #expect(rejected.issues.map(\.line) == [20, 21, 22])
        #expect(rejected.issues.map { String($0.reason.prefix(while: { $0 != ":" })) }
            == ["emission_factors.location", "emission_factors.residual", "emission_factors.year"])
    }

    @Test func userFactorDataAndTheGridCarbonFreeShare() throws {
        let yaml = ParkYAML.minimal + "emission_factors:\n  cbam: 0.6\n  table: own.csv\n  hourly_location: hourly.csv\n  grid_cfe_share: 0.3\n"
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.emissionFactors.cbam == .value(Fixed6(parsing: "0.6")!))
        #expect(park.emissionFactors.table == "own.csv" && park.emissionFactors.hourlyLocation == "hourly.csv" && park.emissionFactors.hourlyResidual == nil)
        #expect(park.emissionFactors.gridCFEShare == Fixed6(parsing: "0.3"))
        let rejected = try #require(ParkYAML.rejection(ParkYAML.minimal + "emission_factors:\n  grid_cfe_share: 1.5\n"))
        #expect(rejected.issues.map(\.code) == ["park.out-of-range"])
    }

    // MARK: Tiers and key-specific parameters

    @Test(arguments: [("0", "park.out-of-range"), ("-2", "park.out-of-range"), ("1.5", "park.invalid-number"), ("first", "park.invalid-number")])
    func aTierIsAWholeNumberFromOne(tier: String, code: String) {
        let yaml = replacing("meters: [a-main]", with: "meters: [a-main]\n    tier: \(tier)")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: code, line: 11, path: "members[0].tier")
    }

    @Test(arguments: [("static", "share"), ("weighted", "weight"), ("priority", "tier")])
    func theAllocationKeyNeedsItsParameterForEveryMember(key: String, field: String) throws {
        let value = field == "tier" ? "1" : "0.5"
        let yaml = """
            version: 1
            park: {id: p, name: P, region: east, policy_profile: cn-650-2025}
            members:
              - id: one
                name: One
                meters: [one-main]
                \(field): \(value)
              - id: two
                name: Two
                meters: [two-main]
              - id: three
                name: Three
                meters: [three-main]
            generators: []
            allocation:
              key: \(key)

            """
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.count == 2)
        ParkYAML.expect(rejected.issues.first, code: "park.missing-key-parameter", line: 8, path: "members[1].\(field)")
        ParkYAML.expect(rejected.issues.last, code: "park.missing-key-parameter", line: 11, path: "members[2].\(field)")
        #expect(rejected.issues[0].reason.contains("\"\(key)\"") && rejected.issues[0].reason.contains("member \"two\""))
    }

    @Test func proRataIgnoresSharesWeightsAndTiers() throws {
        let yaml = Self.twoMembers(shares: ("0.2", nil))
        let park = try ParkFile.parse(yaml: yaml + "allocation:\n  key: pro-rata\n", fileName: "park.yaml").park
        #expect(park.allocation.key == .proRata)
        #expect(park.members[1].share == nil)
    }

    // MARK: Helpers

    /// Two members with the given shares (`nil`: no share), `members:` on line 3.
    static func twoMembers(shares: (String?, String?)) -> String {
        func share(_ value: String?) -> String { value.map { "    share: \($0)\n" } ?? "" }
        return """
            version: 1
            park: {id: p, name: P, region: east, policy_profile: cn-650-2025}
            members:
              - id: one
                name: One
                meters: [one-main]
            \(share(shares.0))  - id: two
                name: Two
                meters: [two-main]
            \(share(shares.1))generators: []

            """
    }
}
