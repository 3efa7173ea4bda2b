import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

/// Validation rules of single settings: time zone, country, enumerated values, dates
/// and the schema version.
@Suite("Park file: settings rules")
struct ParkFileSettingsTests {
    private func replacing(_ old: String, with new: String) -> String { ParkYAML.replacing(old, with: new) }

    // MARK: Settings

    @Test func theTimeZoneMustBeAnIANAZone() {
        let yaml = replacing("  region: north\n", with: "  region: north\n  timezone: Asia/Shangai\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-timezone", line: 6, path: "park.timezone")
        #expect(issue?.reason.contains(#"did you mean "Asia/Shanghai"?"#) == true)
    }

    @Test(arguments: ["cn", "CHN", "C1", "\"\""])
    func theCountryIsTwoUppercaseLetters(country: String) {
        let yaml = replacing("  region: north\n", with: "  region: north\n  country: \(country)\n")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.invalid-country", line: 6, path: "park.country")
    }

    @Test(arguments: [
        ("  region: north\n", "  region: north\n  resolution_minutes: 20\n", "park.resolution_minutes", "5, 10, 15, 30, 60"),
        ("  region: north\n", "  region: north\n  connection: grid\n", "park.connection", "grid-connected, off-grid"),
        ("technology: wind", "technology: solar", "generators[0].technology", "solar-pv, wind, biomass, hydro"),
        ("meter: g-gen\n", "meter: g-gen\ncertificates: {scheme: rec}\n", "certificates.scheme", "gec, irec, granular"),
        ("meter: g-gen\n", "meter: g-gen\nallocation:\n  key: prorata\n", "allocation.key", "pro-rata, static, weighted, priority"),
    ])
    func enumeratedFieldsListTheAllowedValues(old: String, new: String, path: String, allowed: String) {
        let yaml = replacing(old, with: new)
        let marker = String(new.split(separator: "\n").last!).trimmingCharacters(in: .whitespaces)
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-choice", line: ParkYAML.line(of: marker, in: yaml), path: path)
        #expect(issue?.reason.contains("allowed values: \(allowed)") == true, "\(String(describing: issue))")
    }

    @Test func aCloseEnumeratedValueIsSuggested() {
        let issue = ParkYAML.onlyIssue(replacing("technology: wind", with: "technology: solar_pv"))
        #expect(issue?.reason.hasSuffix(#"did you mean "solar-pv"?"#) == true)
    }

    // MARK: Policy profile

    @Test func everyShippedPolicyProfileIsAccepted() throws {
        let shipped = PolicyProfileCatalog.shippedNames
        #expect(shipped.contains("cn-650-2025") && shipped.contains("cn-650-2025-hunan"), "\(shipped)")
        for name in shipped {
            let yaml = replacing("  policy_profile: cn-650-2025\n", with: "  policy_profile: \(name)\n")
            #expect(try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park.settings.policyProfile == name)
        }
    }

    @Test(arguments: [
        ("cn-650-2024", "cn-650-2025"),
        ("CN-650-2025", "cn-650-2025"),
        ("cn-650-2025-hunna", "cn-650-2025-hunan"),
        ("cn", nil),
        ("eu-red-iii", nil),
    ])
    func thePolicyProfileMustBeAShippedProfile(name: String, suggestion: String?) {
        let yaml = replacing("  policy_profile: cn-650-2025\n", with: "  policy_profile: \(name)\n")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-choice", line: 6, path: "park.policy_profile")
        #expect(issue?.column == 19)
        let shipped = PolicyProfileCatalog.shippedNames.joined(separator: ", ")
        #expect(issue?.reason.hasPrefix("park.policy_profile: \"\(name)\" is not a shipped policy profile; shipped profiles: \(shipped)") == true,
                "\(String(describing: issue))")
        if let suggestion {
            #expect(issue?.reason.hasSuffix("; did you mean \"\(suggestion)\"?") == true, "\(String(describing: issue))")
        } else {
            #expect(issue?.reason.contains("did you mean") == false, "\(String(describing: issue))")
        }
    }

    @Test func anUnknownPolicyProfileDoesNotHideOtherProblems() throws {
        let yaml = replacing("  policy_profile: cn-650-2025\n", with: "  policy_profile: cn-650\n  country: cn\n")
        let rejected = try #require(ParkYAML.rejection(yaml))
        #expect(rejected.issues.map(\.code) == ["park.invalid-choice", "park.invalid-country"])
        #expect(rejected.issues.map(\.line) == [6, 7])
    }

    // MARK: Dates and version

    @Test(arguments: ["2024-02-30", "2024/01/01", "2024-1-1", "yesterday", "2023-13-01"])
    func datesAreValidYearMonthDay(date: String) {
        let yaml = replacing("commissioned: 2024-01-01", with: "commissioned: \(date)")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.invalid-date", line: 16, path: "generators[0].commissioned")
        #expect(issue?.reason.contains("YYYY-MM-DD") == true)
    }

    @Test func aLeapDayIsAValidDate() throws {
        let yaml = replacing("commissioned: 2024-01-01", with: "commissioned: 2024-02-29")
            .replacingOccurrences(of: "registered: 2024-02-01", with: "registered: 2024-03-01")
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.generators[0].commissioned == CivilDate(year: 2024, month: 2, day: 29))
    }

    @Test(arguments: [("2", "park.unsupported-version"), ("0", "park.unsupported-version"), ("1.0", "park.invalid-number")])
    func onlyVersionOneIsRead(version: String, code: String) {
        let issue = ParkYAML.onlyIssue(replacing("version: 1", with: "version: \(version)"))
        ParkYAML.expect(issue, code: code, line: 1, path: "version")
    }

    @Test func theVersionIsRequired() {
        let yaml = replacing("version: 1\n", with: "")
        ParkYAML.expect(ParkYAML.onlyIssue(yaml), code: "park.missing-field", line: 1, path: "version")
    }
}
