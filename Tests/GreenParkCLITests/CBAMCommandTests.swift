import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("greenpark run: CBAM installation reports", .serialized)
struct CBAMCommandTests {
    /// The small park with member a's meter a1 as a cement installation.
    func park(_ dir: URL) throws -> URL {
        let text = try String(contentsOf: RunCommandTests.fixture.appendingPathComponent("park.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    meters: [a1]\n", with: """
                    meters: [a1]
                    installations:
                      - id: kiln-a
                        name: Kiln A
                        address: 1 Quarry Road, Hangzhou
                        unlocode: CNHGH
                        meters: [a1]
                        goods:
                          - cn_code: "25231000"
                            category: cement

                """)
        let url = dir.appendingPathComponent("park.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func run(_ dir: URL, production: String) throws -> CLI.Result {
        let file = dir.appendingPathComponent("production.csv")
        try production.write(to: file, atomically: true, encoding: .utf8)
        let parkFile = try park(dir).path
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("park.operator.key").path) {
            #expect(try CLI.run(["init", "--park", parkFile, "--database", dir.appendingPathComponent("park.sqlite").path]).status == 0)
        }
        return try CLI.run(["run", "--park", parkFile, "--database", dir.appendingPathComponent("park.sqlite").path,
                            "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                            "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path,
                            "--production", file.path, "--redeem"])
    }

    @Test("cbam.json, cbam.csv and cbam.xml, worked by hand")
    func handWorked() throws {
        let dir = try CLI.directory()
        let result = try run(dir, production: """
            installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t
            kiln-a,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,25231000,2,1.6

            """)
        #expect(result.status == 0, "\(result.stderr)")
        // a: 4,001 Wh from a1, 3,001 Wh green, 1,000 Wh grid. Grid default 0.5306 t/MWh: 1,000 x 0.5306 = 530.6 -> 531 g.
        // SEE direct 1.6 / 2 = 0.8; SEE indirect 531 g / 2 t = 0.0002655 -> 0.000266; 4,001 Wh / 2 t = 0.0020005 -> 0.002001 MWh/t;
        // EF_el over all its electricity 531 g / 4,001 Wh = 0.1327168 -> 0.132717 t/MWh.
        let csv = try String(contentsOf: dir.appendingPathComponent("out/cbam.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").last == "kiln-a,Kiln A,a,CNHGH,25231000,cement,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,2.000000,1.600000,0.004001,0.002001,0.003001,direct technical connection,0.001000,grid default,0.530600,0.132717,0.000531,0.800000,0.000266,false")
        let json = try String(contentsOf: dir.appendingPathComponent("out/cbam.json"), encoding: .utf8)
        #expect(json.contains("\"obligation_basis\": \"transitional period before 2026: reported, no obligation\""))
        #expect(json.contains("\"source\": \"placeholder: MEE/NBS national grid average 2023"))
        let xml = try String(contentsOf: dir.appendingPathComponent("out/cbam.xml"), encoding: .utf8)
        #expect(xml.contains("<SpecificIndirectEmbeddedEmissions unit=\"tCO2e/t\">0.000266</SpecificIndirectEmbeddedEmissions>"))
        #expect(xml.contains("<UNLOCODE>CNHGH</UNLOCODE>") && xml.hasPrefix("<?xml"))
        let parsed = try XMLDocument(data: Data(xml.utf8))
        #expect(try parsed.nodes(forXPath: "//Good").count == 1)
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("Kiln A (CNHGH)"))
    }

    @Test("a bad production file is rejected whole with its lines named")
    func rejected() throws {
        let dir = try CLI.directory()
        let result = try run(dir, production: """
            installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t
            kiln-b,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,25231000,2,1.6
            kiln-a,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,72081000,2,1.6
            kiln-a,2023-06-01T01:00:00Z,2023-06-01T00:00:00Z,25231000,2,1.6
            kiln-a,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,25231000,0,1.6
            kiln-a,2023-06-01T00:07:00Z,2023-06-01T01:00:00Z,25231000,2,1.6
            kiln-a,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,25231000,2,1.6
            kiln-a,2023-06-01T00:30:00Z,2023-06-01T01:30:00Z,25231000,2,1.6

            """)
        #expect(result.status == 2)
        for expected in ["csv:2: \"kiln-b\" is not an installation", "csv:3: installation kiln-a lists no good with CN code 72081000",
                         "csv:4: period_end", "csv:5: production_t \"0\" must be a decimal above 0", "csv:6: the period must start and end on the park's 15-minute",
                         "csv:8: installation kiln-a: this period overlaps line 7", "rejected whole (6 problems)"] {
            #expect(result.stderr.contains(expected), "\(expected) in \(result.stderr)")
        }
        // Checked before anything else: nothing was imported, allocated or issued.
        let status = try CLI.run(["status", "--park", dir.appendingPathComponent("park.yaml").path,
                                  "--database", dir.appendingPathComponent("park.sqlite").path])
        #expect(status.stdout.contains("nothing imported yet"), "\(status.stdout)")
    }
}
