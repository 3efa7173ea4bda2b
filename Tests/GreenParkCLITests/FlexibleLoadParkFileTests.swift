import Foundation
import Testing

/// `flexible_loads:` in a park file: a good one is read, each bad one refused with field and line.
@Suite("Flexible loads in the park file")
struct FlexibleLoadParkFileTests {
    static let yaml = StorageCommandTests.parkYAML + """
        flexible_loads:
          - id: chiller
            member: m
            energy_kwh_per_day: 2000
            window_start: "08:00"
            window_end: "20:00"
            min_kw: 50
            max_kw: 500

        """

    @Test("each bad flexible load refused with its field and line, exit 2; the good one passes")
    func badLoads() throws {
        let dir = try CLI.directory()
        let good = dir.appendingPathComponent("good.yaml")
        try Self.yaml.write(to: good, atomically: true, encoding: .utf8)
        let checked = try CLI.run(["park", "check", good.path])
        #expect(checked.status == 0, "\(checked.stderr)")
        let cases: [(String, String, String)] = [
            // 12 h at 500 kW hold 6,000 kWh at most; 12 h at 50 kW already take 600 kWh.
            ("energy_kwh_per_day: 2000", "energy_kwh_per_day: 6001", "do not fit in the window"),
            ("energy_kwh_per_day: 2000", "energy_kwh_per_day: 599", "already takes"),
            ("energy_kwh_per_day: 2000", "energy_kwh_per_day: 0", "energy_kwh_per_day"),
            ("window_end: \"20:00\"", "window_end: \"07:00\"", "start before end"),
            ("window_end: \"20:00\"", "window_end: \"20:30\"", "60-minute grid"),
            ("window_start: \"08:00\"", "window_start: \"8h\"", "not a local time"),
            ("member: m", "member: nobody", "is not a member"),
            ("min_kw: 50", "min_kw: 600", "min_kw <= max_kw"),
            ("id: chiller", "id: pv-1", "already the id of a generator"),
            ("    max_kw: 500\n", "", "max_kw"),
        ]
        for (old, new, message) in cases {
            let file = dir.appendingPathComponent("park.yaml")
            #expect(Self.yaml.contains(old), "\(old)")
            try Self.yaml.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
            let result = try CLI.run(["park", "check", file.path])
            #expect(result.status == 2, "\(new): \(result.stdout)")
            #expect(result.stderr.contains(message) && result.stderr.contains("park.yaml:"), "\(new): \(result.stderr)")
        }
    }
}
