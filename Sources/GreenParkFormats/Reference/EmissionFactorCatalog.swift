import Foundation
import GreenParkCore

/// The emission factor table shipped with GreenPark (`Resources/emission-factors.csv`).
public enum EmissionFactorCatalog {
    /// The shipped table.
    public static func shipped() throws -> EmissionFactorTable {
        guard let url = Bundle.module.url(forResource: "emission-factors", withExtension: "csv", subdirectory: "Resources") else {
            throw ReferenceDataMissing(name: "emission-factors.csv")
        }
        return try parse(String(contentsOf: url, encoding: .utf8), name: "emission-factors.csv")
    }

    /// Reads a factor table: `year,name,kind,kg_per_kwh,source` (a `#` line may precede
    /// the header). Parks can supply their own in the same format.
    public static func parse(_ text: String, name: String) throws -> EmissionFactorTable {
        var rows: [EmissionFactor] = []
        var header = true
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            if header { header = false; continue }
            let fields = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).map { String($0) }
            guard fields.count == 5, let year = Int(fields[0]), let factor = Fixed6(parsing: fields[3]) else {
                throw ReferenceDataMissing(name: "\(name):\(index + 1): expected year,name,kind,kg_per_kwh,source")
            }
            rows.append(EmissionFactor(year: year, name: fields[1], kind: fields[2], kgPerKWh: factor, source: fields[4]))
        }
        return EmissionFactorTable(rows: rows)
    }
}
