import GreenParkCore
import GreenParkOptimization

/// A seeded program shaped like a battery schedule, kept as plain data so that the same
/// model becomes a ``LinearProgram`` and the JSON that Peers/highs_check.py reads.
///
/// T intervals (4 to 33) of one battery behind a meter, in kWh: charge c_t, discharge d_t,
/// state of charge s_t, grid import g_t and export x_t (each bounded), and one peak variable:
/// - balance (equality): `g_t - x_t - c_t + d_t = load_t - pv_t`;
/// - state of charge (equality): `s_t - s_{t-1} - eta_c c_t + d_t / eta_d = 0` (`s_0` given);
/// - peak (inequality): `g_t - peak <= 0`; end: `s_T >= s_0`;
/// - with `binaries`, u_t: `c_t - P u_t <= 0` and `d_t + P u_t <= P` (no charging while
///   discharging).
/// Prices run from -0.05 to 0.40 per kWh, export pays less than import (sometimes below
/// zero, when burning energy in the battery's losses pays), and the peak costs 0.5 to 2 per
/// kW. Always feasible (battery idle, grid covers the rest) and bounded (every variable is).
/// 5T + 1 variables without binaries, 6T + 1 with: 21 to 199.
struct ScheduleModel: Encodable {
    struct Variable: Encodable {
        var name: String
        var lower: Double?    // nil: -infinity
        var upper: Double?    // nil: +infinity
        var objective: Double
        var integer: Bool
    }

    struct Row: Encodable {
        var name: String
        var columns: [Int]
        var coefficients: [Double]
        var lower: Double?
        var upper: Double?
    }

    var seed: UInt64
    var sense = "minimise"
    var variables: [Variable] = []
    var rows: [Row] = []

    init(seed: UInt64, binaries: Bool) {
        self.seed = seed
        var random = SplitMix64(seed: seed)
        func uniform(_ low: Double, _ high: Double) -> Double {
            ((low + (high - low) * random.nextDouble()) * 1000).rounded() / 1000
        }
        let t = 4 + Int(random.next() % 30)
        let energy = uniform(50, 500), power = energy * uniform(0.25, 1)
        let etaCharge = uniform(0.85, 0.98), etaDischarge = uniform(0.85, 0.98)
        let start = energy * uniform(0.2, 0.8)
        let peakPrice = uniform(0.5, 2)
        func add(_ name: String, _ lower: Double?, _ upper: Double?, _ objective: Double = 0, integer: Bool = false)
            -> Int {
            variables.append(Variable(name: name, lower: lower, upper: upper, objective: objective, integer: integer))
            return variables.count - 1
        }
        let peak = add("peak", 0, 400, peakPrice)
        var previous: Int?
        for k in 0..<t {
            let price = uniform(-0.05, 0.4), feed = price - uniform(0.01, 0.15)
            let net = uniform(20, 200) - uniform(0, 300)
            let c = add("c[\(k)]", 0, power, uniform(0.001, 0.01))
            let d = add("d[\(k)]", 0, power, uniform(0.001, 0.01))
            let s = add("s[\(k)]", 0.1 * energy, energy)
            let g = add("g[\(k)]", 0, 400, price)
            let x = add("x[\(k)]", 0, 400, -feed)
            rows.append(Row(name: "balance[\(k)]", columns: [g, x, c, d], coefficients: [1, -1, -1, 1],
                            lower: net, upper: net))
            var columns = [s, c, d], coefficients = [1, -etaCharge, 1 / etaDischarge], level = 0.0
            if let previous { columns.append(previous); coefficients.append(-1) } else { level = start }
            rows.append(Row(name: "soc[\(k)]", columns: columns, coefficients: coefficients,
                            lower: level, upper: level))
            rows.append(Row(name: "peak[\(k)]", columns: [g, peak], coefficients: [1, -1], lower: nil, upper: 0))
            if binaries {
                let u = add("u[\(k)]", 0, 1, integer: true)
                rows.append(Row(name: "charging[\(k)]", columns: [c, u], coefficients: [1, -power], lower: nil,
                                upper: 0))
                rows.append(Row(name: "discharging[\(k)]", columns: [d, u], coefficients: [1, power], lower: nil,
                                upper: power))
            }
            previous = s
        }
        rows.append(Row(name: "end", columns: [previous!], coefficients: [1], lower: start, upper: nil))
    }

    /// The model as a program.
    func program() throws -> LinearProgram {
        var program = LinearProgram(sense: sense == "maximise" ? .maximise : .minimise)
        let ids = try variables.map {
            try program.addVariable($0.name, lower: $0.lower ?? -.infinity, upper: $0.upper ?? .infinity,
                                    objective: $0.objective, kind: $0.integer ? .integer : .continuous)
        }
        for row in rows {
            try program.addConstraint(row.name, Array(zip(row.columns.map { ids[$0] }, row.coefficients)),
                                      lower: row.lower ?? -.infinity, upper: row.upper ?? .infinity)
        }
        return program
    }
}
