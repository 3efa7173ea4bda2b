import Foundation
import Testing

/// DOMAIN.md 4a's battery settled for June 2023 from the command line (docs/settlement.md,
/// "Storage"): the member pays for what it took from the battery, the generators sell their
/// charge to it, the battery's own statement, and park files with bad storage prices.
@Suite("greenpark settle with storage", .serialized)
struct StorageSettlementCommandTests {
    static let settlement = """
        settlement:
          tariff: zhejiang-2026-example
          ppa:
            - {generator: pv-1, price_fen_per_kwh: 38}
            - {generator: w-1, price_fen_per_kwh: 33}
          export_price_fen_per_kwh: 25
          vat_rate: 0.13
          storage_prices:
            - {device: bess, price_fen_per_kwh: 45}

        """

    /// The storage park with `settlement` appended and its battery owned by `owner`, its
    /// readings imported; settled for June.
    static func settle(_ settlement: String, owner: String = "park") throws
        -> (dir: URL, csv: String, json: [String: Any]) {
        let dir = try StorageCommandTests.park()
        let file = dir.appendingPathComponent("park.yaml")
        try (StorageCommandTests.parkYAML.replacingOccurrences(of: "owner: m", with: "owner: \(owner)") + settlement)
            .write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("june")
        let run = try CLI.run(["settle", "--park", file.path, "--month", "2023-06", "--gaps", "skip-interval",
                               "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("settlement.csv"), encoding: .utf8)
        let data = try Data(contentsOf: out.appendingPathComponent("settlement.json"))
        return (dir, csv, try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    @Test("the battery's energy is billed once, bought from its generators and the grid, and every fen is paid")
    func settled() throws {
        let (dir, csv, json) = try Self.settle(Self.settlement)
        // M took 1,800,000 + 1,125,000 = 2,925,000 Wh from the battery at 45: 2,925 x 45 = 131,625 fen; no grid.
        #expect(csv.contains("2023-06,member,m,storage,bess,2925000,45,131625\n"), "\(csv)")
        #expect(!csv.contains("2023-06,member,m,grid,"), "\(csv)")
        // PV-1's 2,000,000 Wh and W-1's 1,000,000 went into the battery: 2,000 x 38 = 76,000, 1,000 x 33 = 33,000.
        #expect(csv.contains("2023-06,generator,pv-1,sale-storage,bess,2000000,38,76000\n"), "\(csv)")
        #expect(csv.contains("2023-06,generator,w-1,sale-storage,bess,1000000,33,33000\n"), "\(csv)")
        #expect(!csv.contains(",export,"), "nothing was fed into the grid: \(csv)")
        // The battery's statement: sold 131,625, bought -76,000 and -33,000, and its 500,000 Wh of grid charge.
        #expect(csv.contains("2023-06,storage,bess,sale,m,2925000,45,131625\n"), "\(csv)")
        #expect(csv.contains("2023-06,storage,bess,purchase,pv-1,2000000,38,-76000\n"), "\(csv)")
        #expect(csv.contains("2023-06,storage,bess,purchase,w-1,1000000,33,-33000\n"), "\(csv)")
        #expect(csv.contains(",storage,bess,grid-charge,") && csv.contains(",500000,"), "\(csv)")
        let balance = json["balance"] as? [String: Any] ?? [:]
        let moneyIn = balance["money_in_fen"] as? Int
        #expect(moneyIn != nil && moneyIn == balance["money_out_fen"] as? Int)
        let checks = json["checks"] as? [[String: Any]] ?? []
        #expect(checks.allSatisfy { $0["pass"] as? Bool == true })
        let storageChecks = checks.filter { ($0["id"] as? String ?? "").hasPrefix("storage-") }
        // Discharged 2,925,000 Wh, all of it sold to M.
        #expect(storageChecks.map { $0["expected"] as? Int } == [2_925_000])
        let statement = try String(contentsOf: dir.appendingPathComponent("june/statements/2023-06-bess.html"),
                                   encoding: .utf8)
        #expect(statement.contains("Storage statement") && statement.contains("(owner: the park)"))
        #expect(statement.contains("Green power bought from PV-1") && statement.contains("Grid power for charging"))
        let generators = json["generators"] as? [[String: Any]] ?? []
        #expect(generators.map { $0["type"] as? String } == [nil, nil, "storage"])
    }

    @Test("settlement.csv agrees with summary.json: storage Wh, consumption, the battery's charge by origin")
    func agreesWithSummary() throws {
        let (dir, csv, _) = try Self.settle(Self.settlement)
        let summary = try StorageCommandTests.summary(dir, from: "2023-06-01T00:00:00Z", to: "2023-06-03T00:00:00Z",
                                                      out: "summary")
        let member = (summary["members"] as? [[String: Any]])?.first ?? [:]
        let device = (summary["storage"] as? [[String: Any]])?.first ?? [:]
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func wh(_ type: String, _ party: String, _ kinds: [String]) -> Int {
            rows.filter { $0.count == 8 && $0[1] == type && $0[2] == party && kinds.contains(String($0[3])) }
                .reduce(0) { $0 + (Int($1[5]) ?? 0) }
        }
        // The member: what it took from storage, and all it consumed (green + storage + grid).
        #expect(wh("member", "m", ["storage"]) == member["from_storage_wh"] as? Int)
        #expect(wh("member", "m", ["green", "storage", "grid"]) == member["consumption_wh"] as? Int)
        // The battery: its green charge bought from the generators, its grid charge, what it sold and fed in.
        #expect(wh("storage", "bess", ["purchase"]) == device["charged_green_wh"] as? Int)
        #expect(wh("storage", "bess", ["grid-charge"]) == device["charged_grid_wh"] as? Int)
        #expect(wh("storage", "bess", ["sale"]) == device["to_members_wh"] as? Int)
        #expect(wh("storage", "bess", ["export"]) == device["exported_wh"] as? Int)
        #expect(device["charged_green_wh"] as? Int == 3_000_000 && device["charged_grid_wh"] as? Int == 500_000)
    }

    @Test("a battery owned by the member: it takes its own energy at 0 and still buys the charge")
    func ownedByTheMember() throws {
        let (dir, csv, _) = try Self.settle(Self.settlement, owner: "m")
        #expect(csv.contains("2023-06,member,m,storage,bess,2925000,0,0\n"), "\(csv)")
        #expect(csv.contains("2023-06,storage,bess,sale,m,2925000,0,0\n"), "\(csv)")
        #expect(csv.contains("2023-06,storage,bess,purchase,pv-1,2000000,38,-76000\n"), "\(csv)")
        let statement = try String(contentsOf: dir.appendingPathComponent("june/statements/2023-06-bess.html"),
                                   encoding: .utf8)
        #expect(statement.contains("(owner: M)"))
    }

    @Test("without a storage price the battery is priced at the PPA prices averaged by capacity")
    func defaultPrice() throws {
        let unpriced = Self.settlement.components(separatedBy: "  storage_prices:")[0]
        let (_, csv, _) = try Self.settle(unpriced)
        // (5,000 x 38 + 5,000 x 33) / 10,000 = 35.5; 2,925 kWh x 35.5 = 103,837.5 -> 103,838 (half to even).
        #expect(csv.contains("2023-06,member,m,storage,bess,2925000,35.5,103838\n"), "\(csv)")
    }

    @Test("bad storage prices are refused with their line: unknown device, twice, out of range")
    func badPrices() throws {
        let dir = try CLI.directory()
        let cases: [(String, String)] = [
            ("{device: bess, price_fen_per_kwh: 45}", "{device: bes, price_fen_per_kwh: 45}"),
            ("{device: bess, price_fen_per_kwh: 45}",
             "{device: bess, price_fen_per_kwh: 45}\n    - {device: bess, price_fen_per_kwh: 40}"),
            ("price_fen_per_kwh: 45}", "price_fen_per_kwh: -1}"),
            ("{device: bess, price_fen_per_kwh: 45}", "{device: bess}"),
        ]
        let messages = ["bes is not a storage device of the park", "has a price already",
                        "a storage price is 0 to 100,000 fen per kWh", "price_fen_per_kwh"]
        for ((old, new), message) in zip(cases, messages) {
            let file = dir.appendingPathComponent("park.yaml")
            try (StorageCommandTests.parkYAML + Self.settlement.replacingOccurrences(of: old, with: new))
                .write(to: file, atomically: true, encoding: .utf8)
            let checked = try CLI.run(["park", "check", file.path])
            #expect(checked.status == 2, "\(new): \(checked.stdout)")
            #expect(checked.stderr.contains(message) && checked.stderr.contains("park.yaml:"),
                    "\(new): \(checked.stderr)")
        }
        // Every PPA shaped: no flat price to average, so the battery needs its own.
        let shaped = Self.settlement.components(separatedBy: "  storage_prices:")[0]
            .replacingOccurrences(of: "price_fen_per_kwh: 38}", with: "tou_prices_fen_per_kwh: {flat: 38}}")
            .replacingOccurrences(of: "price_fen_per_kwh: 33}", with: "tou_prices_fen_per_kwh: {flat: 33}}")
        let file = dir.appendingPathComponent("park.yaml")
        try (StorageCommandTests.parkYAML + shaped).write(to: file, atomically: true, encoding: .utf8)
        let checked = try CLI.run(["park", "check", file.path])
        #expect(checked.status == 2 && checked.stderr.contains("has no settlement.storage_prices entry"),
                "\(checked.stderr)")
    }
}
