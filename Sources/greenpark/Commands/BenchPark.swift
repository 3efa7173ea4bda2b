import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// `greenpark bench park`: a large park's year through `run --redeem`, from a fresh store.
struct BenchPark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "park",
        abstract: "Time a large park's year through run --redeem from a fresh store; prints JSON.",
        discussion: """
            Writes a park of --members members (one meter each, seeded load shapes) and two \
            generators (PV and wind, seeded shapes sized to about 80 % of the mean load) with \
            hourly granular certificates, a year of 15-minute readings in the wide layout, makes \
            the operator key, then times `run --redeem` over the year: import, allocation, \
            issuance, transfers and redemption into the signed ledger, and the output files \
            (all, or those of --outputs).

            With --storage N, N batteries (each charging 10:00-14:00 and discharging 18:00-22:00 \
            local, 90 % round trip) are metered and accounted too (docs/storage-accounting.md).

            Reports seconds, peak RSS and the sizes of the store and the outputs. With --keep the \
            park directory is kept (e.g. to time an evidence pack on it afterwards).
            """
    )

    @Option(help: "Members.") var members: Int = 300
    @Option(help: "Days from 2023-01-01 (local, Asia/Shanghai).") var days: Int = 365
    @Option(help: "Keep the park directory here (a new directory).") var keep: String?
    @Option(help: "Outputs to write, comma-separated, as run --outputs (default all).") var outputs: String?
    @Option(help: "Storage devices (batteries) in the park.") var storage: Int = 0

    func validate() throws {
        guard members >= 1, days >= 1 && days <= 366, (0...50).contains(storage) else {
            throw ValidationError("--members >= 1, --days 1 to 366, --storage 0 to 50")
        }
        if let keep, FileManager.default.fileExists(atPath: keep) { throw ValidationError("\(keep) exists; give a new path") }
    }

    func run() throws {
        try Terminal.run {
            let dir = URL(fileURLWithPath: keep ?? NSTemporaryDirectory() + "greenpark-bench-park-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
            let parkFile = dir.appendingPathComponent("park.yaml")
            try SyntheticLargePark.yaml(members: members, storage: storage)
                .write(to: parkFile, atomically: true, encoding: .utf8)
            let readings = dir.appendingPathComponent("readings.csv")
            let writeClock = ContinuousClock.now
            try SyntheticLargePark.writeReadings(to: readings.path, members: members, days: days,
                                                 storage: storage)
            let writeSeconds = (ContinuousClock.now - writeClock).seconds
            let park = try ParkFile.load(path: parkFile.path).park
            let database = try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path)
            let context = ParkContext(park: park, parkFile: parkFile, stores: database.stores)
            let key = try SetupService(context: context).createOperatorKey(at: dir.appendingPathComponent("park.operator.key").path)
            let local = context.local
            let from = local.startOfDay(CivilDate(year: 2023, month: 1, day: 1))
            let to = from.adding(seconds: Int64(days) * 86_400)
            let out = dir.appendingPathComponent("results")
            let request = RunService.Request(
                readings: [readings.path], importOptions: ImportOptions(), from: from, to: to, fromText: from.iso8601,
                toText: to.iso8601, gaps: .fail, out: out, redeem: true, scheme: nil, language: .en, production: nil,
                outputs: try RunOutput.parse(outputs ?? "all"))
            let clock = ContinuousClock.now
            let result = try RunService(context: context, key: key).run(request)
            let seconds = (ContinuousClock.now - clock).seconds
            let storeBytes = Self.size(dir.appendingPathComponent("park.sqlite").path)
                + Self.size(dir.appendingPathComponent("park.sqlite-wal").path)
            let json: [String: Double] = [
                "members": Double(members), "days": Double(days), "storage": Double(storage),
                "readings_write_seconds": writeSeconds,
                "run_seconds": seconds, "peak_rss_mb": Double(PeakMemory.residentKB()) / 1024,
                "store_mb": Double(storeBytes) / 1_048_576, "outputs_mb": Double(Self.treeSize(out)) / 1_048_576,
                "ledger_entries": Double(result.certificates.ledgerEntries),
                "statements": Double(result.certificates.statements.count),
            ]
            let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    static func treeSize(_ url: URL) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: url.path) else { return 0 }
        var total: Int64 = 0
        while let name = walker.nextObject() as? String { total += size(url.appendingPathComponent(name).path) }
        return total
    }
}

/// A large synthetic park for `bench park`: seeded, reproducible shapes.
enum SyntheticLargePark {
    static func yaml(members: Int, storage: Int = 0) -> String {
        var text = """
            version: 1
            park:
              id: large-park
              name: Large benchmark park
              timezone: Asia/Shanghai
              region: east
              resolution_minutes: 15
              policy_profile: none
            members:

            """
        for i in 0..<members { text += "  - {id: m\(i), name: Member \(i), meters: [c\(i)]}\n" }
        let capacity = max(1_000, members * 600)
        text += """
            generators:
              - {id: pv, name: PV, technology: solar-pv, capacity_kw: \(capacity), commissioned: 2022-01-01, registered: 2022-01-01, meter: pv1}
              - {id: wind, name: Wind, technology: wind, capacity_kw: \(capacity), commissioned: 2022-01-01, registered: 2022-01-01, meter: w1}
            allocation:
              key: pro-rata
            emission_factors:
              year: 2023
              location: east
              residual: national-excl-nonfossil
            certificates:
              scheme: granular

            """
        if storage > 0 { text += "storage:\n" }
        for k in 0..<storage {
            let kw = batteryKW(members: members, storage: storage)
            text += "  - {id: b\(k), name: Battery \(k), capacity_kwh: \(kw * 4), "
                + "charge_kw: \(kw), discharge_kw: \(kw), "
                + "efficiency: 0.9, efficiency_from: 2022-07-01, efficiency_to: 2022-12-31, charge_meter: b\(k)in, "
                + "discharge_meter: b\(k)out}\n"
        }
        return text
    }

    /// Wide layout, Wh: loads of 100 to 900 kW with a day shape, PV by the sun, wind seeded.
    static func writeReadings(to path: String, members: Int, days: Int, storage: Int = 0) throws {
        let handle = try Terminal.output(path)
        defer { try? handle.close() }
        var buffer = "interval_start," + (0..<members).map { "c\($0)_wh" }.joined(separator: ",") + ",pv1_wh,w1_wh"
            + (0..<storage).map { ",b\($0)in_wh,b\($0)out_wh" }.joined() + "\n"
        let batteryWh = Int64(batteryKW(members: members, storage: storage)) * 250
        var random = SplitMix64(seed: 300)
        let scales = (0..<members).map { _ in 100 + Int64(random.next() % 800) }   // kW
        let start = Timestamp(CivilDate(year: 2022, month: 12, day: 31)).adding(seconds: 16 * 3600)
        var wind = 0.5
        for q in 0..<(days * 96) {
            let t = start.adding(seconds: Int64(q) * 900)
            let hour = Double((q / 4 + 8) % 24) + Double(q % 4) / 4
            let dayShape = hour >= 7 && hour < 20 ? 1.0 : 0.45
            buffer += t.iso8601
            for i in 0..<members {
                let kw = Double(scales[i]) * dayShape * (0.85 + Double(random.next() % 300) / 1000)
                buffer += "," + String(Int64(kw * 250))   // Wh in 15 minutes
            }
            let sun = max(0, sin((hour - 6) / 13 * Double.pi))
            let pvKW = Double(members * 600) * 0.8 * sun
            wind = min(1, max(0, wind + (Double(random.next() % 1000) / 1000 - 0.5) * 0.1))
            let windKW = Double(members * 600) * 0.45 * wind
            buffer += "," + String(Int64(pvKW * 250)) + "," + String(Int64(windKW * 250))
            for _ in 0..<storage {
                // 16 quarter hours of charge at full power, then 16 of discharge at 90 % of it.
                let charge = hour >= 10 && hour < 14 ? batteryWh : 0
                let discharge = hour >= 18 && hour < 22 ? batteryWh * 9 / 10 : 0
                buffer += ",\(charge),\(discharge)"
            }
            buffer += "\n"
            if buffer.utf8.count > 1 << 22 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// Each battery's power in kW: together 50 kW per member.
    static func batteryKW(members: Int, storage: Int) -> Int { storage == 0 ? 0 : max(1, members * 50 / storage) }
}
