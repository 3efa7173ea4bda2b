import Foundation
import Testing

@Suite("greenpark settle: bills, invoices, versions and the lock", .serialized)
struct SettleCommandTests {
    static let settlement = """
        settlement:
          tariff: flat-peak-valley-example
          ppa:
            - {generator: pv, price_fen_per_kwh: 35}
            - {generator: wind, price_fen_per_kwh: 30}
          export_price_fen_per_kwh: 20
          td_fee_fen_per_kwh: 5
          system_fee_fen_per_kwh: 1
          capacity_charge_fen_per_month: 1000
          vat_rate: 0.13

        """

    func prepared() throws -> (URL, String) {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) { $0 + Self.settlement }
        #expect(try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                             "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path]).status == 0)
        return (dir, park)
    }

    func settle(_ park: String, _ dir: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval", "--out", dir.appendingPathComponent("settlement").path] + extra,
                    environment: environment)
    }

    @Test("worked by hand: lines half to even, VAT per invoice, the balance closes")
    func handWorked() throws {
        let (dir, park) = try prepared()
        // run --out wrote the same energy lines for its one hour, which pays 1/720 of June's capacity charge:
        // 1,000 x 3,600 / 2,592,000 = 1.39 -> 1 fen; a's net 61 + 38 + 102 + 15 + 3 + 1 = 220, VAT 28.6 -> 29, total 249.
        let fromRun = try String(contentsOf: dir.appendingPathComponent("out/settlement.csv"), encoding: .utf8)
        let hour = "2023-06-01T00:00:00Z to 2023-06-01T01:00:00Z"
        #expect(fromRun.contains("\(hour),member,a,capacity,capacity-charge,,,1\n") && fromRun.contains("\(hour),member,a,total,,,,249\n"), "\(fromRun)")
        #expect(fromRun.contains("\(hour),generator,wind,total,,,,83\n"))
        let preview = try settle(park, dir)
        #expect(preview.status == 0, "\(preview.stderr)")
        // The hour 08:00-09:00 local is "peak" (102 fen/kWh) in the example tariff.
        // a: pv 1,751 Wh x 35 = 61.285 -> 61; wind 1,250 x 30 = 37.5 -> 38 (half to even); grid 1,000 x 102 = 102;
        //    T&D 3,001 x 5 = 15.005 -> 15; system 3,001 x 1 = 3.001 -> 3; capacity 1,000: net 1,219; VAT 13 % = 158.47 -> 158; total 1,377.
        // b: pv 2,000 -> 70; wind 1,001 -> 30.03 -> 30; grid 2,001 -> 204.102 -> 204; 15; 3; 1,000: net 1,322; VAT 171.86 -> 172; total 1,494.
        // pv: sales 61 + 70, export 2,250 Wh x 20 = 45 -> 176; wind: 38 + 30, export 750 x 20 = 15 -> 83.
        // In: 1,377 + 1,494 + exports 60 = 2,931. Out: generators 259 + grid company 1,120 + 1,222 + VAT 330 = 2,931.
        let csv = try String(contentsOf: dir.appendingPathComponent("settlement/settlement.csv"), encoding: .utf8)
        for line in ["member,a,green,pv,1751,35,61", "member,a,green,wind,1250,30,38", "member,a,grid,peak,1000,102,102", "member,a,fee-td,transmission-distribution,3001,5,15",
                     "member,a,net,,,,1219", "member,a,vat,0.13,,,158", "member,a,total,,,,1377", "member,b,total,,,,1494",
                     "generator,pv,export,grid,2250,20,45", "generator,pv,total,,,,176", "generator,wind,total,,,,83"] {
            #expect(csv.contains("2023-06," + line + "\n"), "\(line)")
        }
        let json = try String(contentsOf: dir.appendingPathComponent("settlement/settlement.json"), encoding: .utf8)
        #expect(json.contains("\"money_in_fen\": 2931") && json.contains("\"money_out_fen\": 2931"))
        // The checks against the inputs: a's 1,751 + 1,250 + 1,000 = 4,001 Wh billed
        // = its consumption 1,000 + 2,000 + 1,000 + 1.
        let check = "\"id\": \"billed-energy\",\n      \"party\": \"a\",\n"
            + "      \"expected\": 4001,\n      \"actual\": 4001"
        #expect(json.contains(check), "\(json)")
        #expect(!json.contains("\"pass\": false") && json.contains("\"generator-energy\""))
        #expect(preview.stdout.contains("preview") && FileManager.default.fileExists(atPath: dir.appendingPathComponent("settlement/invoices/PREVIEW-2023-06-a.html").path))
    }

    @Test("final runs are versions with invoices numbered without gaps; nothing final is edited")
    func versions() throws {
        let (dir, park) = try prepared()
        let first = try settle(park, dir, ["--final", "--lang", "zh"])
        #expect(first.status == 0 && first.stdout.contains("version 1 (final)"), "\(first.stderr)")
        #expect(first.stdout.contains("small-park-2023-00001") && first.stdout.contains("small-park-2023-00002"))
        let html = try String(contentsOf: dir.appendingPathComponent("settlement/invoices/small-park-2023-00001.html"), encoding: .utf8)
        #expect(html.contains("电费发票") && html.contains("13.77"))
        // A month written another way is refused, not a separate "version 1".
        #expect(try CLI.run(["settle", "--park", park, "--month", "2023-6", "--final"]).status == 2)
        // Output that cannot be written: refused before anything is stored (a preview stores a run;
        // a final one, SettleCorrectionTests).
        try Data().write(to: dir.appendingPathComponent("afile"))
        let unwritable = try settle(park, dir, ["--out", dir.appendingPathComponent("afile/x").path])
        #expect(unwritable.status == 2 && unwritable.stderr.contains("Nothing was stored"))
        // The store refuses to edit a final run or an invoice.
        let sql = try CLI.shell("sqlite3 \(dir.appendingPathComponent("park.sqlite").path) \"UPDATE settlement_run SET result = 'x' WHERE version = 1\"")
        #expect(sql.contains("never edited"))
    }

    @Test("a second settlement while one runs is refused")
    func lock() throws {
        let (dir, park) = try prepared()
        let marker = dir.appendingPathComponent("locked").path
        let holder = try CLI.start(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval", "--out", dir.appendingPathComponent("a").path],
                                   environment: ["GREENPARK_SETTLE_HOLD_SECONDS": "3", "GREENPARK_SETTLE_LOCKED_MARKER": marker])
        // Wait (up to 30 s on a slow machine) until the first run holds the lock.
        var waited = 0.0
        while !FileManager.default.fileExists(atPath: marker) && waited < 30 { Thread.sleep(forTimeInterval: 0.05); waited += 0.05 }
        #expect(FileManager.default.fileExists(atPath: marker))
        let second = try settle(park, dir)
        #expect(second.status == 1 && second.stderr.contains("another settlement of this park is running"), "\(second.stderr)")
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        #expect(try settle(park, dir).status == 0)
    }
}

@Suite("greenpark settle: shaped PPA prices and the two-part demand charge", .serialized)
struct SettleShapedTests {
    @Test("worked by hand")
    func handWorked() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) { $0 + """
            settlement:
              tariff: flat-peak-valley-example
              ppa:
                - {generator: pv, tou_prices_fen_per_kwh: {peak: 40, flat: 35, valley: 28}}
                - {generator: wind, price_fen_per_kwh: 30}
              demand_charge_fen_per_kw_month: 3000
              vat_rate: 0

            """ }
        #expect(try CLI.run(["run", "--park", park, "--readings", RunCommandTests.fixture.appendingPathComponent("readings.csv").path,
                             "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-01T01:00:00Z", "--out", dir.appendingPathComponent("out").path]).status == 0)
        let csv = try String(contentsOf: dir.appendingPathComponent("out/settlement.csv"), encoding: .utf8)
        // 08:00-09:00 local is "peak": a's 1,751 Wh from pv x 40 = 70.04 -> 70.
        // a's grid import per quarter hour: 1000-500 = 500, 2000-1500 = 500, 0, 0 -> 500 Wh in 15 min = 2 kW x 3,000 = 6,000 fen.
        // b's: 3000-1500 = 1500, 500, 0, 1 -> 1,500 Wh = 6 kW -> 18,000 fen.
        // The run is one hour of June: the monthly demand charge scales by 3,600 / 2,592,000: 6,000 -> 8.33 -> 8; 18,000 -> 25.
        for line in ["member,a,green,pv/peak,1751,40,70", "member,a,demand,max-demand-wh-per-interval,500,3000,8",
                     "member,b,demand,max-demand-wh-per-interval,1500,3000,25", "generator,pv,sale,a/peak,1751,40,70"] {
            #expect(csv.contains(line + "\n"), "\(line) in \(csv)")
        }
        let settled = try CLI.run(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval", "--out", dir.appendingPathComponent("s").path])
        #expect(settled.status == 0, "\(settled.stderr)")
        let month = try String(contentsOf: dir.appendingPathComponent("s/settlement.csv"), encoding: .utf8)
        #expect(month.contains("2023-06,member,a,demand,max-demand-wh-per-interval,500,3000,6000\n") && month.contains("2023-06,member,b,demand,max-demand-wh-per-interval,1500,3000,18000\n"))
        // A shaped PPA must price every period of the tariff.
        let incomplete = try EvidenceEdgeTests().park(dir, initialise: false) { $0 + """
            settlement:
              tariff: flat-peak-valley-example
              ppa:
                - {generator: pv, tou_prices_fen_per_kwh: {peak: 40}}
                - {generator: wind, price_fen_per_kwh: 30}

            """ }
        let refused = try CLI.run(["settle", "--park", incomplete, "--month", "2023-06", "--gaps", "skip-interval"])
        #expect(refused.status == 2 && refused.stderr.contains("no price for the tariff's period(s) flat, valley"), "\(refused.stderr)")
    }
}
