import GreenParkCore

/// The three readings CSV layouts GreenPark reads (DESIGN.md "Interfaces"), recognised
/// from the header line.
///
/// - long: `meter_id,interval_start,energy_kwh[,quality]` (`energy_wh`/`energy_mwh` too),
///   one interval of one meter per row;
/// - wide: `interval_start,<meter>,<meter>...`, one interval of many meters per row; a
///   column may carry its unit as a suffix (`pv-north-gen_kwh`), otherwise `--unit`;
///   an empty cell is a missing reading;
/// - register: `meter_id,read_at,register_kwh`, cumulative register reads that are
///   differenced (rollover aware) into interval energy.
public enum ReadingsLayout: Sendable, Equatable {
    case long(Long)
    case wide(Wide)
    case register(Register)

    public struct Long: Sendable, Equatable {
        var meterColumn: Int
        var startColumn: Int
        var energyColumn: Int
        var qualityColumn: Int?
        var unit: EnergyDecimal.Unit
        var columnCount: Int
    }

    public struct Wide: Sendable, Equatable {
        var startColumn: Int
        /// Per column: the meter index (-1 for the time column) and the unit.
        var meters: [Int32]
        var units: [EnergyDecimal.Unit]
        var columnCount: Int
    }

    public struct Register: Sendable, Equatable {
        var meterColumn: Int
        var readColumn: Int
        var registerColumn: Int
        var unit: EnergyDecimal.Unit
        var columnCount: Int
    }

    /// `long`, `wide` or `register`.
    public var name: String {
        switch self {
        case .long: "long"
        case .wide: "wide"
        case .register: "register"
        }
    }

    var columnCount: Int {
        switch self {
        case .long(let l): l.columnCount
        case .wide(let w): w.columnCount
        case .register(let r): r.columnCount
        }
    }

    /// Recognises the layout from the header fields. `meters` are the park's meter ids
    /// in catalogue order; `wideUnit` is the unit of wide columns without a suffix.
    static func recognise(
        header: [String], meters: [String], wideUnit: EnergyDecimal.Unit
    ) -> Result<ReadingsLayout, InputIssue.Partial> {
        let names = header.map { $0.lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        func energy(_ prefix: String) -> (Int, EnergyDecimal.Unit)? {
            for unit in EnergyDecimal.Unit.allCases {
                if let c = column("\(prefix)_\(unit.columnSuffix)") { return (c, unit) }
            }
            return nil
        }
        let repeated = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty {
            return .failure(.init(code: "readings.header", reason: "column\(repeated.count == 1 ? "" : "s") \(repeated.map { "\"\($0)\"" }.joined(separator: ", ")) appear\(repeated.count == 1 ? "s" : "") more than once in the header"))
        }
        for prefix in ["energy", "register"] {
            let units = EnergyDecimal.Unit.allCases.filter { column("\(prefix)_\($0.columnSuffix)") != nil }
            if units.count > 1 {
                return .failure(.init(code: "readings.header", reason: "the header has \(units.map { "\(prefix)_\($0.columnSuffix)" }.joined(separator: " and ")); give one energy column"))
            }
        }
        if let meter = column("meter_id") {
            if let start = column("interval_start") {
                guard let (energyColumn, unit) = energy("energy") else {
                    return .failure(.init(code: "readings.header", reason: "a long readings file needs an energy column: energy_kwh, energy_wh or energy_mwh"))
                }
                return .success(.long(Long(meterColumn: meter, startColumn: start, energyColumn: energyColumn, qualityColumn: column("quality"), unit: unit, columnCount: header.count)))
            }
            if let read = column("read_at") {
                guard let (registerColumn, unit) = energy("register") else {
                    return .failure(.init(code: "readings.header", reason: "a register readings file needs a register column: register_kwh, register_wh or register_mwh"))
                }
                return .success(.register(Register(meterColumn: meter, readColumn: read, registerColumn: registerColumn, unit: unit, columnCount: header.count)))
            }
            return .failure(.init(code: "readings.header", reason: "a file with meter_id needs interval_start (interval energy) or read_at (register reads)"))
        }
        guard let start = column("interval_start") else {
            return .failure(.init(code: "readings.header", reason: "header not recognised: expected meter_id,interval_start,energy_kwh (long), interval_start,<meter>... (wide) or meter_id,read_at,register_kwh (register)"))
        }
        var columnMeters: [Int32] = []
        var units: [EnergyDecimal.Unit] = []
        var unknown: [String] = []
        for (index, name) in header.enumerated() {
            if index == start { columnMeters.append(-1); units.append(wideUnit); continue }
            if let m = meters.firstIndex(of: name) {
                columnMeters.append(Int32(m)); units.append(wideUnit); continue
            }
            let suffixed = EnergyDecimal.Unit.allCases.lazy.compactMap { unit -> (Int, EnergyDecimal.Unit)? in
                let suffix = "_" + unit.columnSuffix
                guard name.lowercased().hasSuffix(suffix) else { return nil }
                return meters.firstIndex(of: String(name.dropLast(suffix.count))).map { ($0, unit) }
            }.first
            if let (m, unit) = suffixed {
                if columnMeters.contains(Int32(m)) {
                    return .failure(.init(code: "readings.header", reason: "meter \(meters[m]) has more than one column"))
                }
                columnMeters.append(Int32(m)); units.append(unit)
            } else {
                unknown.append(name)
            }
        }
        if !unknown.isEmpty {
            return .failure(.init(code: "readings.unknown-meter", reason: "unknown meter column\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")): not a meter of the park file"))
        }
        guard columnMeters.count > 1 else {
            return .failure(.init(code: "readings.header", reason: "a wide readings file needs at least one meter column after interval_start"))
        }
        return .success(.wide(Wide(startColumn: start, meters: columnMeters, units: units, columnCount: header.count)))
    }
}

extension InputIssue {
    /// An issue before its file and line are known.
    struct Partial: Error, Sendable, Equatable {
        var code: String
        var reason: String
    }
}
