import Foundation
import Testing

@Suite("greenpark settle: settling again, corrections with credit notes, refused checks", .serialized)
struct SettleCorrectionTests {
    let commands = SettleCommandTests()

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func invoices(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("invoices").path).sorted()
    }

    func sql(_ dir: URL, _ query: String) throws -> String {
        try CLI.shell("sqlite3 \(dir.appendingPathComponent("park.sqlite").path) \"\(query)\"")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("settling again without a change stores nothing; a corrected reading cancels and replaces only what changed")
    func resettlement() throws {
        let (dir, park) = try commands.prepared()
        #expect(try commands.settle(park, dir, ["--final"]).status == 0)
        // The same data again: exit 0, nothing stored, no number used, no file written.
        let again = try commands.settle(park, dir, ["--final", "--out", dir.appendingPathComponent("again").path])
        #expect(again.status == 0 && again.stdout.contains("unchanged since version 1 (final)"), "\(again.stdout)")
        #expect(again.stdout.contains("nothing stored") && again.stdout.contains("small-park-2023-00001  in force"))
        #expect(try sql(dir, "SELECT COUNT(*) FROM settlement_run WHERE status = 'final'") == "1")
        #expect(try sql(dir, "SELECT COUNT(*) FROM invoice") == "2")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("again").path))
        // Correct a's reading at 00:30 from 1,000 to 1,500 Wh. G there is 4,000 (pv 3,000, wind 1,000), so a gets
        // all 1,500: pv 1,125 (was 750), wind 375 (was 250); b's bill does not change, both statements do.
        let fix = dir.appendingPathComponent("fix.csv")
        let correction = "meter_id,interval_start,energy_wh\na1,2023-06-01T00:30:00Z,1500\n"
        try correction.write(to: fix, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["import", "--park", park, fix.path, "--replace"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Output that cannot be written: refused before any number is used.
        try Data().write(to: dir.appendingPathComponent("afile"))
        let blocked = dir.appendingPathComponent("afile/x").path
        let unwritable = try commands.settle(park, dir, ["--final", "--out", blocked])
        #expect(unwritable.status == 2 && unwritable.stderr.contains("Nothing was stored"))
        let out = dir.appendingPathComponent("v2")
        let second = try commands.settle(park, dir, ["--final", "--out", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        for line in ["settlement 2023-06 version 2 (final), correcting version 1",
                     "small-park-2023-00003  credit note, cancels small-park-2023-00001  total -13.77 CNY",
                     "small-park-2023-00004  invoice, replaces small-park-2023-00001",
                     "small-park-2023-00002  unchanged, stays in force",
                     "statement 2023-06-pv-v2, replaces 2023-06-pv",
                     "statement 2023-06-wind-v2, replaces 2023-06-wind"] {
            #expect(second.stdout.contains(line), "\(line) in \(second.stdout)")
        }
        // Only the new documents are written: b gets none.
        #expect(try invoices(out) == ["small-park-2023-00003.html", "small-park-2023-00003.json",
                                      "small-park-2023-00004.html", "small-park-2023-00004.json"])
        let credit = try text(out.appendingPathComponent("invoices/small-park-2023-00003.json"))
        #expect(credit.contains("\"document\": \"credit-note\""))
        #expect(credit.contains("\"cancels\": \"small-park-2023-00001\""))
        #expect(credit.contains("\"total_fen\": -1377") && credit.contains("\"energy_wh\": -1751"))
        let replacing = try text(out.appendingPathComponent("invoices/small-park-2023-00004.json"))
        #expect(replacing.contains("\"document\": \"invoice\""))
        #expect(replacing.contains("\"replaces\": \"small-park-2023-00001\""))
        #expect(try text(out.appendingPathComponent("invoices/small-park-2023-00003.html"))
            .contains("Cancels invoice <b>small-park-2023-00001</b>"))
        #expect(try text(out.appendingPathComponent("invoices/small-park-2023-00004.html"))
            .contains("Replaces invoice <b>small-park-2023-00001</b>"))
        #expect(try text(out.appendingPathComponent("statements/2023-06-pv-v2.html"))
            .contains("Replaces statement <b>2023-06-pv</b>"))
        // a's corrected bill: pv 2,126 Wh x 35 = 74.41 -> 74; wind 1,375 x 30 = 41.25 -> 41; grid 102;
        // T&D 3,501 x 5 = 17.505 -> 18; system 3.501 -> 4; capacity 1,000: net 1,239, VAT 161.07 -> 161, total 1,400.
        // Its invoices for June: 1,377 (00001) - 1,377 (credit note 00003) + 1,400 (00004) = 1,400.
        let csv = try text(out.appendingPathComponent("settlement.csv"))
        #expect(csv.contains("2023-06,member,a,total,,,,1400\n"))
        #expect(csv.contains("2023-06,member,a,green,pv,2126,35,74\n"))
        var total: Int64 = 0
        for folder in [dir.appendingPathComponent("settlement"), out] {
            for name in try invoices(folder) where name.hasSuffix(".json") {
                let data = try Data(contentsOf: folder.appendingPathComponent("invoices/\(name)"))
                let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
                if json["member"] as? String == "a" { total += (json["total_fen"] as! NSNumber).int64Value }
            }
        }
        #expect(total == 1400)
        let documents = try sql(dir, "SELECT group_concat(number || ':' || kind || ':' || ifnull(cancels, '') || ':' "
                                + "|| ifnull(replaces, ''), ' ') FROM invoice")
        #expect(documents == "small-park-2023-00001:invoice:: small-park-2023-00002:invoice:: "
                + "small-park-2023-00003:credit-note:small-park-2023-00001: "
                + "small-park-2023-00004:invoice::small-park-2023-00001")
        // And once more: nothing changed since version 2.
        #expect(try commands.settle(park, dir, ["--final"]).stdout.contains("unchanged since version 2 (final)"))
    }

    @Test("a settlement whose lines do not match its inputs is refused (exit 1) and nothing is stored")
    func refusedCheck() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) {
            $0 + SettleCommandTests.settlement
                + "shared_costs:\n  - {id: lines, name: Lines, annual_cost_fen: 8760000, method: equal}\n"
        }
        let readings = RunCommandTests.fixture.appendingPathComponent("readings.csv").path
        #expect(try CLI.run(["import", "--park", park, readings]).status == 0)
        let refused = try commands.settle(park, dir, ["--final"],
                                          environment: ["GREENPARK_FAULT": "settlement-shared-fen"])
        // June's cost: 8,760,000 x 720 / 8,760 hours = 720,000 fen; the fault adds 1 fen to a's share.
        #expect(refused.status == 1 && refused.stderr.contains("settlement 2023-06 refused"), "\(refused.stderr)")
        #expect(refused.stderr.contains("shared-cost of lines: 720001 fen on the bills, 720000 fen the period's cost"))
        #expect(try sql(dir, "SELECT COUNT(*) FROM settlement_run") == "0")
        #expect(try sql(dir, "SELECT COUNT(*) FROM invoice") == "0")
        let settled = try commands.settle(park, dir, ["--final"])
        #expect(settled.status == 0 && settled.stdout.contains("small-park-2023-00001"), "\(settled.stderr)")
    }
}
