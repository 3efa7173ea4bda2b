import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Park file: CBAM installations and hydrogen producers")
struct ParkFileInstallationsTests {
    func yaml(_ installations: String, hydrogen: String = "") -> String {
        ParkYAML.minimal.replacingOccurrences(of: "    meters: [a-main]\n", with: "    meters: [a-main, a-kiln]\n" + installations + hydrogen)
    }

    let good = """
            installations:
              - id: kiln-1
                name: Kiln 1
                address: 1 Quarry Road
                unlocode: CNHGH
                meters: [a-kiln]
                goods:
                  - cn_code: "25231000"
                    category: cement

        """

    @Test func anInstallationAndAHydrogenProducerAreRead() throws {
        let park = try ParkFile.parse(yaml: yaml(good, hydrogen: "    hydrogen:\n      placed_in_service: 2024-03-01\n"), fileName: "park.yaml").park
        let installation = try #require(park.members[0].installations.first)
        #expect(installation == Installation(id: "kiln-1", name: "Kiln 1", address: "1 Quarry Road", unlocode: "CNHGH", meters: ["a-kiln"],
                                             goods: [CBAMGood(cnCode: "25231000", category: .cement)]))
        #expect(park.members[0].hydrogen == HydrogenProducer(placedInService: CivilDate(year: 2024, month: 3, day: 1)))
    }

    @Test func installationMistakesAreNamedByFieldAndLine() throws {
        let bad = good.replacingOccurrences(of: "meters: [a-kiln]", with: "meters: [a-kiln, b-other, a-kiln]")
            .replacingOccurrences(of: "unlocode: CNHGH", with: "unlocode: Hangzhou")
            .replacingOccurrences(of: "cn_code: \"25231000\"", with: "cn_code: \"2523x\"")
            .replacingOccurrences(of: "category: cement", with: "category: concrete")
        let rejected = try #require(ParkYAML.rejection(yaml(bad)))
        let codes = Set(rejected.issues.map(\.code))
        #expect(codes == ["park.invalid-choice", "park.unknown-meter", "park.duplicate-id"])
        #expect(rejected.issues.contains { $0.reason.contains("b-other") && $0.reason.contains("is not a meter of member \"a\"") })
        #expect(rejected.issues.contains { $0.reason.contains("UN/LOCODE") })
        #expect(rejected.issues.contains { $0.reason.contains("CN code is 4 to 10 digits") })
    }
}
