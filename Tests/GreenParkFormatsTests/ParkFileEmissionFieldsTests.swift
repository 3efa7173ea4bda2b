import Foundation
import GreenParkCore
import Testing
@testable import GreenParkFormats

@Suite("Park file: emission rates, generator regions and the hydrogen facility's region")
struct ParkFileEmissionFieldsTests {
    private func replacing(_ old: String, with new: String) -> String { ParkYAML.replacing(old, with: new) }

    @Test("biomass without emission_rate_kg_per_kwh is refused at its technology line; with one it is read")
    func biomassNeedsARate() throws {
        let yaml = replacing("technology: wind", with: "technology: biomass")
        let issue = ParkYAML.onlyIssue(yaml)
        ParkYAML.expect(issue, code: "park.missing-field", line: 14, path: "generators[0].emission_rate_kg_per_kwh")
        #expect(issue?.reason.contains("biomass has no known zero emission rate") == true)
        let given = replacing("technology: wind", with: "technology: biomass\n    emission_rate_kg_per_kwh: 0.23")
        let generator = try ParkFile.parse(yaml: given, fileName: "park.yaml").park.generators[0]
        #expect(
            generator.emissionRate == Fixed6(millionths: 230_000) && generator.directRate == Fixed6(millionths: 230_000)
        )
        // Wind needs none: 0 is known.
        #expect(
            try ParkFile.parse(yaml: ParkYAML.minimal, fileName: "park.yaml").park.generators[0].directRate == .zero)
    }

    @Test(arguments: ["-0.1", "10.000001", "1e308"])
    func ratesAreBounded(rate: String) {
        let yaml = replacing("technology: wind", with: "technology: wind\n    emission_rate_kg_per_kwh: \(rate)")
        let issue = ParkYAML.onlyIssue(yaml)
        #expect(
            issue?.line == 15 && issue?.reason.hasPrefix("generators[0].emission_rate_kg_per_kwh: ") == true,
            "\(String(describing: issue))")
    }

    @Test("regions: a generator's own, and the hydrogen facility's")
    func regions() throws {
        let yaml = replacing("technology: wind", with: "technology: wind\n    region: ERCOT")
            .replacingOccurrences(
                of: "meters: [a-main]",
                with: "meters: [a-main]\n    hydrogen:\n      placed_in_service: 2024-03-01\n      region: ERCOT")
        let park = try ParkFile.parse(yaml: yaml, fileName: "park.yaml").park
        #expect(park.generators[0].region == "ERCOT" && park.members[0].hydrogen?.region == "ERCOT")
        let empty = replacing(
            "meters: [a-main]",
            with: "meters: [a-main]\n    hydrogen:\n      placed_in_service: 2024-03-01\n      region: \"\"")
        ParkYAML.expect(
            ParkYAML.onlyIssue(empty), code: "park.empty-value", line: 13, path: "members[0].hydrogen.region")
    }
}
