import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// Reading valid park files: the example, defaults, optional sections, warnings.
@Suite("Park file: valid files")
struct ParkFileTests {
    /// `docs/park.example.yaml`, found from this file's path.
    static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../docs/park.example.yaml")
        .standardizedFileURL.path

    @Test func exampleFileParsesIntoTheExpectedPark() throws {
        let result = try ParkFile.load(path: Self.examplePath)
        let park = result.park
        #expect(result.warnings.isEmpty)
        #expect(park.version == 1)
        #expect(park.settings == ParkSettings(
            id: "demo-park", name: "Demo Green Power Park", timeZone: "Asia/Shanghai", country: "CN",
            region: "east", resolution: .quarterHour, connection: .gridConnected, policyProfile: "cn-650-2025"))
        #expect(park.members.map(\.id) == ["textiles", "cement"])
        #expect(park.members[0].name == "Example Textiles Co., Ltd.")
        #expect(park.members[0].meters == ["textiles-main"])
        #expect(park.members[1].meters == ["cement-kiln", "cement-mill"])
        #expect(park.members[0].share?.millionths == 300_000)
        #expect(park.members[1].share?.millionths == 500_000)
        #expect(park.members[0].weight == Fixed6(1))
        #expect(park.members[1].weight == Fixed6(2))
        #expect(park.members.map(\.tier) == [1, 2])
        #expect(park.generators == [
            Generator(id: "pv-north", name: "North Rooftop PV", technology: .solarPV, capacityKW: Fixed6(10_000),
                      commissioned: CivilDate(year: 2024, month: 6, day: 1),
                      registered: CivilDate(year: 2024, month: 7, day: 1), meter: "pv-north-gen"),
            Generator(id: "wind-east", name: "East Wind Farm", technology: .wind, capacityKW: Fixed6(21_000),
                      commissioned: CivilDate(year: 2023, month: 3, day: 15),
                      registered: CivilDate(year: 2023, month: 4, day: 1), meter: "wind-east-gen"),
        ])
        #expect(park.meters.isEmpty)
        #expect(park.allocation.key == .proRata)
        #expect(park.emissionFactors == EmissionFactorSettings(
            year: 2023, location: .table("east"), residual: .table("national-excl-nonfossil")))
        #expect(park.certificates.scheme == .gec)
        #expect(park.validation.capacityMargin.millionths == 100_000)
    }

    @Test func parseAndLoadAgree() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        let parsed = try ParkFile.parse(yaml: text, fileName: "park.yaml")
        let loaded = try ParkFile.load(path: Self.examplePath)
        #expect(parsed.park == loaded.park)
    }

    @Test func omittedFieldsTakeTheirDefaults() throws {
        let park = try ParkFile.parse(yaml: ParkYAML.minimal, fileName: "park.yaml").park
        #expect(park.settings.timeZone == "Asia/Shanghai")
        #expect(park.settings.country == "CN")
        #expect(park.settings.resolution.minutes == 15)
        #expect(park.settings.connection == .gridConnected)
        #expect(park.allocation.key == .proRata)
        #expect(park.certificates.scheme == .gec)
        #expect(park.emissionFactors.year == 2023)
        #expect(park.emissionFactors.location == .table("north"))  // = park.region
        #expect(park.emissionFactors.residual == .table("national-excl-nonfossil"))
        #expect(park.validation.capacityMargin == Fixed6(millionths: 100_000))
        #expect(park.meters.isEmpty)
        #expect(park.members[0].share == nil && park.members[0].weight == nil && park.members[0].tier == nil)
    }

    @Test func optionalSectionsAreReadExactly() throws {
        let yaml = ParkYAML.minimal + """
            meters:
              - id: a-main
                max_kw: 1234.567891
                register_rollover_kwh: 1000000
              - id: g-gen
            validation:
              capacity_margin: 0.05
            emission_factors:
              year: 2022
              location: 0.5366
              residual: "0.6096"
            certificates:
              scheme: granular
            allocation:
              key: weighted

            """
        let yamlWithWeight = yaml.replacingOccurrences(of: "    meters: [a-main]", with: "    meters: [a-main]\n    weight: 0.000001")
        let park = try ParkFile.parse(yaml: yamlWithWeight, fileName: "park.yaml").park
        #expect(park.meters == [
            MeterSpec(id: "a-main", maxKW: Fixed6(millionths: 1_234_567_891), registerRolloverKWh: Fixed6(1_000_000)),
            MeterSpec(id: "g-gen"),
        ])
        #expect(park.validation.capacityMargin.millionths == 50_000)
        #expect(park.emissionFactors == EmissionFactorSettings(
            year: 2022, location: .value(Fixed6(millionths: 536_600)), residual: .value(Fixed6(millionths: 609_600))))
        #expect(park.certificates.scheme == .granular)
        #expect(park.allocation.key == .weighted)
        #expect(park.members[0].weight?.millionths == 1)
    }

    @Test func settingsOtherThanTheDefaultsAreRead() throws {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  region: north\n", with: """
              region: north
              timezone: Europe/Berlin
              country: DE
              resolution_minutes: 60
              connection: off-grid

            """)
        let settings = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park.settings
        #expect(settings.timeZone == "Europe/Berlin")
        #expect(settings.country == "DE")
        #expect(settings.resolution.minutes == 60)
        #expect(settings.connection == .offGrid)
    }

    @Test func registeredBeforeCommissionedIsOnlyAWarning() throws {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "registered: 2024-02-01", with: "registered: 2023-12-01")
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        let warning = try #require(result.warnings.first)
        #expect(result.warnings.count == 1)
        #expect(warning.code == "park.registered-before-commissioned")
        #expect(warning.line == ParkYAML.line(of: "registered:", in: yaml))
        #expect(warning.reason.hasPrefix("generators[0].registered: "))
        #expect(warning.reason.contains("2023-12-01") && warning.reason.contains("2024-01-01"))
        #expect(result.park.generators[0].registered == CivilDate(year: 2023, month: 12, day: 1))
    }

    @Test func anEmptyGeneratorListIsAllowedWithAWarning() throws {
        let yaml = ParkYAML.minimal.components(separatedBy: "generators:")[0] + "generators: []\n"
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        #expect(result.park.generators.isEmpty)
        let warning = try #require(result.warnings.first)
        #expect(warning.code == "park.no-generators")
        #expect(warning.line == ParkYAML.line(of: "generators:", in: yaml))
        #expect(warning.reason.hasPrefix("generators: "))
    }

    @Test func aTimeZoneAbbreviationIsAcceptedWithAWarning() throws {
        let yaml = ParkYAML.minimal.replacingOccurrences(of: "  region: north\n", with: "  region: north\n  timezone: CST\n")
        let result = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
        #expect(result.park.settings.timeZone == "CST")
        let warning = try #require(result.warnings.first)
        #expect(warning.code == "park.timezone-abbreviation")
        #expect(warning.line == 6)
        #expect(warning.reason.hasPrefix("park.timezone: "))
        #expect(warning.reason.contains("UTC-06:00"))
    }

    @Test func quotedAndNumericLookingTextIsKeptAsWritten() throws {
        let yaml = ParkYAML.minimal
            .replacingOccurrences(of: "  name: Minimal Park", with: "  name: \"2024\"")
            .replacingOccurrences(of: "  - id: a\n", with: "  - id: \"007\"\n")
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.settings.name == "2024")
        #expect(park.members[0].id == "007")
    }

    @Test func suggestionsAreWithinTwoEdits() {
        let keys = ParkSchema.parkKeys
        #expect(NameSuggestion.closest(to: "timezon", among: keys) == "timezone")
        #expect(NameSuggestion.closest(to: "Time_Zone", among: keys) == "timezone")
        #expect(NameSuggestion.closest(to: "tariffs", among: keys) == nil)
        #expect(NameSuggestion.closest(to: "policyprofile", among: keys) == "policy_profile")
        #expect(NameSuggestion.closest(to: "ID", among: keys) == "id")
        #expect(NameSuggestion.closest(to: "<<", among: keys) == nil)
        #expect(NameSuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test func everyIssueCodeIsUniqueAndNamespaced() {
        let codes = ParkFileIssueCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("park.") })
        #expect(ParkFile.rejectedCode == "park.invalid")
        #expect(ParkFileIssueCode.allCases.filter(\.isWarning) == [.noGenerators, .registeredBeforeCommissioned, .timeZoneAbbreviation])
    }
}

/// Inline park files and helpers shared by the park-file tests.
enum ParkYAML {
    /// A small valid park file with only the required fields. Line numbers:
    /// 1 version, 2 park, 7 members, 8 `- id: a`, 10 meters, 11 generators, 12 `- id: g`.
    static let minimal = """
        version: 1
        park:
          id: minimal
          name: Minimal Park
          region: north
          policy_profile: cn-650-2025
        members:
          - id: a
            name: A Co.
            meters: [a-main]
        generators:
          - id: g
            name: G Wind
            technology: wind
            capacity_kw: 100
            commissioned: 2024-01-01
            registered: 2024-02-01
            meter: g-gen

        """

    /// `minimal` (or `yaml`) with `old` replaced; `old` must occur.
    static func replacing(_ old: String, with new: String, in yaml: String = minimal) -> String {
        precondition(yaml.contains(old), "test YAML lacks \(old)")
        return yaml.replacingOccurrences(of: old, with: new)
    }

    /// The 1-based line of the first line containing `marker`.
    static func line(of marker: String, in yaml: String, occurrence: Int = 1) -> Int {
        var seen = 0
        for (index, line) in yaml.components(separatedBy: "\n").enumerated() where line.contains(marker) {
            seen += 1
            if seen == occurrence { return index + 1 }
        }
        return -1
    }

    /// The rejection of `yaml`; records a test failure when it is accepted.
    static func rejection(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputRejected? {
        do {
            _ = try ParkFile.parse(yaml: yaml, fileName: "park.yaml")
            Issue.record("expected the park file to be rejected", sourceLocation: sourceLocation)
            return nil
        } catch let rejected as InputRejected {
            #expect(rejected.code == "park.invalid", sourceLocation: sourceLocation)
            #expect(rejected.file == "park.yaml", sourceLocation: sourceLocation)
            return rejected
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The single issue of the rejection of `yaml`; fails unless there is exactly one.
    static func onlyIssue(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputIssue? {
        guard let rejected = rejection(yaml, sourceLocation: sourceLocation) else { return nil }
        #expect(rejected.issues.count == 1, "issues: \(rejected.issues)", sourceLocation: sourceLocation)
        return rejected.issues.first
    }

    /// Asserts code, line and the field path at the start of the reason.
    static func expect(_ issue: InputIssue?, code: String, line: Int, path: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard let issue else {
            Issue.record("no issue", sourceLocation: sourceLocation)
            return
        }
        #expect(issue.code == code, "\(issue)", sourceLocation: sourceLocation)
        #expect(issue.line == line, "\(issue)", sourceLocation: sourceLocation)
        #expect(issue.reason.hasPrefix(path + ": "), "\(issue)", sourceLocation: sourceLocation)
        #expect(issue.file == "park.yaml", sourceLocation: sourceLocation)
        #expect(issue.column != nil || line == 0, sourceLocation: sourceLocation)
    }
}
