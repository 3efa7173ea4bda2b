import Foundation
import GreenParkCore
import Yams

/// The emission factor table shipped with GreenPark (`Resources/emission-factors.csv`).
public enum EmissionFactorCatalog {
    /// The shipped table.
    public static func shipped() throws -> EmissionFactorTable {
        guard let url = Bundle.module.url(forResource: "emission-factors", withExtension: "csv", subdirectory: "Resources") else {
            throw ReferenceDataMissing(name: "emission-factors.csv")
        }
        return try parse(String(contentsOf: url, encoding: .utf8), name: "emission-factors.csv")
    }

    /// Reads a factor table: `year,name,kind,kg_per_kwh,source[,source_zh]` (`#` lines are
    /// comments; with a `source_zh` column the source must not contain commas). Parks can
    /// supply their own in the same format.
    public static func parse(_ text: String, name: String) throws -> EmissionFactorTable {
        var rows: [EmissionFactor] = []
        var header: Bool? = nil   // nil until the header is read; then whether it has source_zh
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            guard let chinese = header else { header = line.hasSuffix(",source_zh"); continue }
            let fields = line.split(separator: ",", maxSplits: chinese ? 5 : 4, omittingEmptySubsequences: false).map { String($0) }
            guard fields.count == (chinese ? 6 : 5), let year = Int(fields[0]), let factor = Fixed6(parsing: fields[3]) else {
                throw ReferenceDataMissing(name: "\(name):\(index + 1): expected year,name,kind,kg_per_kwh,source\(chinese ? ",source_zh" : "")")
            }
            guard factor >= .zero, factor <= EmissionFactor.maximumKgPerKWh else {
                throw ReferenceDataMissing(
                    name: "\(name):\(index + 1): kg_per_kwh \(factor) is not 0 to \(EmissionFactor.maximumKgPerKWh)")
            }
            var row = EmissionFactor(year: year, name: fields[1], kind: fields[2], kgPerKWh: factor, source: fields[4])
            if chinese, !fields[5].isEmpty { row.sourceZh = fields[5] }
            rows.append(row)
        }
        return EmissionFactorTable(rows: rows)
    }

    /// Reads a factor table in YAML: `rows:` a list of mappings with `year`, `name`, `kind`,
    /// `kg_per_kwh` (read exactly from its text) and `source`; other top-level keys (such
    /// as `version`) are kept for people.
    public static func parseYAML(_ text: String, name: String) throws -> EmissionFactorTable {
        func bad(_ why: String) -> ReferenceDataMissing { ReferenceDataMissing(name: "\(name): \(why)") }
        guard text.utf8.count <= 4 << 20 else { throw bad("larger than 4 MiB; write a large table as CSV") }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw bad("not YAML (\(error))") }
        guard let rows = root?.mapping?["rows"]?.sequence else { throw bad("expected a mapping with rows: a list of year, name, kind, kg_per_kwh, source") }
        var result: [EmissionFactor] = []
        for (index, row) in rows.enumerated() {
            guard let fields = row.mapping else { throw bad("rows[\(index)] is not a mapping") }
            func field(_ key: String) throws -> String {
                guard let value = fields[key]?.scalar?.string, !value.isEmpty else { throw bad("rows[\(index)].\(key) is missing") }
                return value
            }
            guard let year = Int(try field("year")) else { throw bad("rows[\(index)].year is not a year") }
            guard let factor = Fixed6(parsing: try field("kg_per_kwh")), factor >= .zero,
                  factor <= EmissionFactor.maximumKgPerKWh else {
                throw bad("rows[\(index)].kg_per_kwh is not a decimal from 0 to \(EmissionFactor.maximumKgPerKWh) "
                          + "(at most 6 places)")
            }
            result.append(EmissionFactor(year: year, name: try field("name"), kind: try field("kind"), kgPerKWh: factor, source: try field("source")))
        }
        return EmissionFactorTable(rows: result)
    }
}
