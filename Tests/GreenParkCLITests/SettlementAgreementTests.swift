import Foundation
import Testing

@Suite("Every report of a period agrees: settlement, summary and shared costs", .serialized)
struct SettlementAgreementTests {
    /// `month,party_type,party,kind,item,energy_wh,price,amount` rows of a settlement.csv.
    func rows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A member's billed energy: the Wh of its green and grid lines.
    func billed(_ rows: [[String]], _ member: String) -> Int64 {
        rows.filter { $0[1] == "member" && $0[2] == member && ["green", "grid"].contains($0[3]) }
            .reduce(0) { $0 + Int64($1[5])! }
    }

    func run(_ park: String, _ readings: URL, from: String, to: String, out: URL,
             _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["run", "--park", park, "--readings", readings.path, "--from", from, "--to", to, "--out", out.path]
                    + extra)
    }

    @Test("under --gaps skip-interval, settlement bills the consumption summary.json reports, and warns with the share")
    func skipInterval() throws {
        let dir = try CLI.directory()
        let park = try EvidenceEdgeTests().park(dir) { $0 + SettleCommandTests.settlement }
        // The fixture without pv1 at 00:30: that interval is skipped for everyone (a consumed 1,000 Wh in it).
        let fixture = RunCommandTests.fixture.appendingPathComponent("readings.csv")
        let readings = try String(contentsOf: fixture, encoding: .utf8)
            .replacingOccurrences(of: "pv1,2023-06-01T00:30:00Z,3000\n", with: "")
        let file = dir.appendingPathComponent("readings.csv")
        try readings.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try run(park, file, from: "2023-06-01T00:00:00Z", to: "2023-06-01T01:00:00Z", out: out,
                          ["--gaps", "skip-interval"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("1 of 4 intervals (25.00 %) skipped for missing data are billed to no one"),
                "\(run.stderr)")
        let summaryData = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let summary = try JSONSerialization.jsonObject(with: summaryData)
        let members = (summary as! [String: Any])["members"] as! [[String: Any]]
        let consumption = Dictionary(uniqueKeysWithValues: members.map {
            ($0["id"] as! String, ($0["consumption_wh"] as! NSNumber).int64Value)
        })
        // a: 1,000 + 2,000 + 1 = 3,001 Wh without 00:30; b: 3,000 + 2,000 + 2 = 5,002.
        #expect(consumption == ["a": 3001, "b": 5002])
        let fromRun = try rows(out.appendingPathComponent("settlement.csv"))
        #expect(billed(fromRun, "a") == 3001 && billed(fromRun, "b") == 5002)
        // settle --month: the same energy; June's other 2,876 intervals have no data at all.
        let settled = try CLI.run(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval",
                                   "--out", dir.appendingPathComponent("s").path])
        #expect(settled.status == 0 && settled.stderr.contains("2023-06: 2877 of 2880 intervals (99.90 %) skipped"),
                "\(settled.stderr)")
        let month = try rows(dir.appendingPathComponent("s/settlement.csv"))
        #expect(billed(month, "a") == 3001 && billed(month, "b") == 5002)
        let json = try String(contentsOf: dir.appendingPathComponent("s/settlement.json"), encoding: .utf8)
        #expect(json.contains("\"skipped_intervals\": 2877") && json.contains("\"skipped_share\": 0.998958"), "\(json)")
    }

    @Test("run: shared_costs.csv gives every member what settlement.csv bills, month by month (one game a month)")
    func sharedCostsAgree() throws {
        let dir = try CLI.directory()
        let costs = """
            shared_costs:
              - {id: lines, name: Direct lines, annual_cost_fen: 87600000, method: shapley}
              - {id: platform, name: VPP platform, annual_cost_fen: 87600000, method: shapley-sampled, orders: 40}
              - {id: core, name: Substation, annual_cost_fen: 87600000, method: least-core}
              - {id: meters, name: Metering, annual_cost_fen: 87600001, method: energy}

            """
        let park = try EvidenceEdgeTests().park(dir) { $0 + SettleCommandTests.settlement + costs }
        // Two hours across local midnight of 30 June: the last hour of June and the first of July.
        let a: [Int64] = [1000, 2000, 1500, 500, 200, 300, 100, 400]
        let b: [Int64] = [100, 200, 300, 400, 2000, 1000, 1500, 2500]
        let pv: [Int64] = [1500, 1800, 1200, 900, 1600, 1400, 1000, 2000]
        let wind: [Int64] = [500, 0, 300, 200, 100, 600, 900, 400]
        var csv = "meter_id,interval_start,energy_wh\n"
        let start = ISO8601DateFormatter().date(from: "2023-06-30T15:00:00Z")!
        for k in 0..<8 {
            let time = ISO8601DateFormatter().string(from: start.addingTimeInterval(Double(k) * 900))
            csv += "a1,\(time),\(a[k])\nb1,\(time),\(b[k])\npv1,\(time),\(pv[k])\nw1,\(time),\(wind[k])\n"
        }
        let file = dir.appendingPathComponent("readings.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let first = try run(park, file, from: "2023-06-30T15:00:00Z", to: "2023-06-30T17:00:00Z", out: out)
        #expect(first.status == 0, "\(first.stderr)")
        let shared = try String(contentsOf: out.appendingPathComponent("shared_costs.csv"), encoding: .utf8)
        let lines = shared.split(separator: "\n")
        #expect(lines.first == "month,item,member_id,method,amount_fen,error_bound_fen,note")
        var fromShared: [String: Int64] = [:], fromSettlement: [String: Int64] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
            fromShared["\(f[0]) \(f[1]) \(f[2])", default: 0] += Int64(f[4])!
            if f[1] == "platform" {
                #expect(f[6].hasPrefix("40 sampled orders (20 antithetic pairs from seed"), "\(line)")
            }
        }
        for r in try rows(out.appendingPathComponent("settlement.csv")) where r[1] == "member" && r[3] == "shared" {
            fromSettlement["\(r[0]) \(r[4]) \(r[2])", default: 0] += Int64(r[7])!
        }
        // 2 months x 4 items x 2 members, each the same amount in both files.
        #expect(fromShared.count == 16 && fromShared == fromSettlement, "\(fromShared) vs \(fromSettlement)")
        // Without a settlement section, run splits its own allocation month by month: the same file.
        let plain = try CLI.directory()
        let plainPark = try EvidenceEdgeTests().park(plain) { $0 + costs }
        let plainOut = plain.appendingPathComponent("out")
        let plainRun = try run(plainPark, file, from: "2023-06-30T15:00:00Z", to: "2023-06-30T17:00:00Z", out: plainOut)
        #expect(plainRun.status == 0)
        #expect(try String(contentsOf: plainOut.appendingPathComponent("shared_costs.csv"), encoding: .utf8) == shared)
        // Each month pays its hour of the year: 87,600,000 / 8,760 = 10,000 fen per item.
        for month in ["2023-06-30T15:00:00Z to 2023-06-30T16:00:00Z", "2023-06-30T16:00:00Z to 2023-06-30T17:00:00Z"] {
            #expect(fromShared["\(month) lines a", default: 0] + fromShared["\(month) lines b", default: 0] == 10_000)
        }
    }
}
