import Foundation
import GreenParkCore

/// The emission factors a park uses: the shipped table with the park's own table over it,
/// and hourly series where the park file names them (`emission_factors`).
public enum EmissionFactorSources {
    /// The shipped table, with the rows of the park's `emission_factors.table` (CSV, or
    /// YAML for a `.yaml`/`.yml` file) replacing shipped rows of the same year and name
    /// (and adding new ones).
    public static func table(for park: Park, parkDirectory: URL) throws -> EmissionFactorTable {
        try table(for: park, readFile: reader(parkDirectory))
    }

    /// As ``table(for:parkDirectory:)``, reading the factor file with `readFile` (given the
    /// path as the park file writes it; an evidence pack reads it from the pack).
    public static func table(for park: Park, readFile: (String) throws -> String) throws -> EmissionFactorTable {
        var table = try EmissionFactorCatalog.shipped()
        guard let file = park.emissionFactors.table else { return table }
        let text: String
        do { text = try readFile(file) } catch let error as any GreenParkError { throw error } catch {
            throw FactorDataError(
                message: "cannot read the factor table \(file) (emission_factors.table): \(error.localizedDescription)")
        }
        let own: EmissionFactorTable
        let isYAML = file.lowercased().hasSuffix(".yaml") || file.lowercased().hasSuffix(".yml")
        do { own = isYAML ? try EmissionFactorCatalog.parseYAML(text, name: file) : try EmissionFactorCatalog.parse(text, name: file) } catch let error as ReferenceDataMissing {
            throw FactorDataError(message: error.name)
        }
        for row in own.rows {
            table.rows.removeAll { $0.year == row.year && $0.name == row.name }
            table.rows.append(row)
        }
        return table
    }

    /// The location and residual factors of the park for the hours of `[from, to)`.
    public static func series(for park: Park, table: EmissionFactorTable, from: Timestamp, to: Timestamp, parkDirectory: URL) throws -> (location: FactorSeries, residual: FactorSeries) {
        try series(for: park, table: table, from: from, to: to, readFile: reader(parkDirectory))
    }

    /// As ``series(for:table:from:to:parkDirectory:)``, reading hourly files with `readFile`.
    public static func series(for park: Park, table: EmissionFactorTable, from: Timestamp, to: Timestamp,
                              readFile: (String) throws -> String)
        throws -> (location: FactorSeries, residual: FactorSeries) {
        let settings = park.emissionFactors
        let location = try table.resolve(settings.location, year: settings.year)
        let residual = try table.resolve(settings.residual, year: settings.year)
        func hourly(_ file: String?, _ annual: EmissionFactor) throws -> FactorSeries {
            guard let file else { return FactorSeries(annual: annual) }
            let text: String
            do { text = try readFile(file) } catch let error as any GreenParkError { throw error } catch {
                throw FactorDataError(message: "cannot read the hourly factors \(file): \(error.localizedDescription)")
            }
            return FactorSeries(annual: annual, hourly: try parseHourly(text, name: file, from: from, to: to, fallback: annual.kgPerKWh), hourlySource: file)
        }
        return (try hourly(settings.hourlyLocation, location), try hourly(settings.hourlyResidual, residual))
    }

    /// Reads a file named in the park file: absolute, or relative to the park file's directory.
    static func reader(_ parkDirectory: URL) -> (String) throws -> String {
        { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : parkDirectory.appendingPathComponent(path)
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    /// Reads `hour_start,kg_per_kwh` rows (ISO 8601 with offset or Z, whole hours) into one
    /// factor per hour of `[from, to)`; hours without a row take `fallback`; rows outside
    /// the period are ignored.
    public static func parseHourly(_ text: String, name: String, from: Timestamp, to: Timestamp, fallback: Fixed6) throws -> [Fixed6] {
        let hours = Int((to.seconds - from.seconds) / 3600)
        var values = [Fixed6](repeating: fallback, count: hours)
        var seen = [Bool](repeating: false, count: hours)
        var header = true
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if header { header = false; if trimmed.lowercased().hasPrefix("hour_start") { continue } }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            func bad(_ why: String) -> FactorDataError { FactorDataError(message: "\(name):\(index + 1): \(why)") }
            guard fields.count == 2 else { throw bad("expected hour_start,kg_per_kwh") }
            guard case .success(let start) = Timestamp.parseISO8601(String(fields[0])) else { throw bad("\"\(fields[0])\" is not an ISO 8601 time with offset or Z") }
            guard let factor = Fixed6(parsing: String(fields[1])), factor >= .zero,
                  factor <= EmissionFactor.maximumKgPerKWh else {
                throw bad("\"\(fields[1])\" is not a factor from 0 to \(EmissionFactor.maximumKgPerKWh) kg CO2/kWh")
            }
            let offset = start.seconds - from.seconds
            guard offset % 3600 == 0 else { throw bad("\(fields[0]) does not start an hour of the period") }
            guard offset >= 0, offset / 3600 < Int64(hours) else { continue }
            let h = Int(offset / 3600)
            guard !seen[h] else { throw bad("hour \(fields[0]) is given twice") }
            seen[h] = true
            values[h] = factor
        }
        return values
    }
}

/// A user's factor data that cannot be used.
public struct FactorDataError: GreenParkError {
    public var message: String
    public var code: String { "factors.invalid" }
}
