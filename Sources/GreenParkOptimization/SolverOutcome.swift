/// What Clp or Cbc reported, before it becomes a ``LinearProgramSolution`` or an
/// ``OptimizationError``. Pure: ``solution(of:)`` turns the library's verdict into the
/// caller's, names what the certificates point at, and checks the point it is given.
struct SolverOutcome: Sendable {
    enum Verdict: Sendable, Equatable {
        case optimal
        /// `certificate`: a Farkas ray over the constraints (non-zero rows prove together
        /// that no point exists), where the solver gave one; `integer`: the continuous
        /// relaxation is feasible, only integer points are missing.
        case infeasible(certificate: [Double]?, integer: Bool)
        /// `ray`: a direction over the variables along which the objective improves forever.
        case unbounded(ray: [Double]?)
        /// `feasible`: the values are a feasible point found before the limit (MILP).
        case timeLimit(feasible: Bool)
        /// The library gave up; `reason` says what it reported.
        case failed(reason: String)
    }

    var verdict: Verdict
    var values: [Double] = []
    var objectiveValue: Double = 0
    var bestBound: Double = 0
    /// The library and its version.
    var solver: String

    /// How many names an error message lists before "and N more".
    static let namesListed = 6
    /// A point is accepted when every bound and constraint holds to this, relative to the
    /// larger of 1, the bound and the terms' magnitude; an integer variable must lie this
    /// close to a whole number.
    static let tolerance = 1e-6

    /// The solution, or the error that says why there is none.
    func solution(of program: LinearProgram) throws(OptimizationError) -> LinearProgramSolution {
        let status: LinearProgramSolution.Status
        switch verdict {
        case .optimal:
            status = .optimal
        case .timeLimit(feasible: true):
            status = .stoppedAtTimeLimit
        case .timeLimit(feasible: false):
            throw OptimizationError(.timeLimit, "\(solver) reached the time limit before finding a feasible point"
                + " (\(program.variableCount) variables, \(program.constraintCount) constraints)")
        case .infeasible(let certificate, let integer):
            throw OptimizationError(.infeasible, Self.infeasibleMessage(program, certificate, integer: integer))
        case .unbounded(let ray):
            throw OptimizationError(.unbounded, Self.unboundedMessage(program, ray))
        case .failed(let reason):
            throw OptimizationError(.solverFailed, "\(solver) failed: \(reason)")
        }
        var values = values
        guard values.count == program.variableCount else {
            throw OptimizationError(.solverFailed, "\(solver) returned \(values.count) values for "
                + "\(program.variableCount) variables")
        }
        for j in values.indices where program.isInteger[j] {
            let whole = values[j].rounded()
            guard abs(values[j] - whole) <= Self.tolerance else {
                throw OptimizationError(.solverFailed, "\(solver) returned \(values[j]) for integer variable "
                    + "\"\(program.variableNames[j])\"")
            }
            values[j] = whole
        }
        if let broken = Self.violation(program, values) {
            throw OptimizationError(.solverFailed, "\(solver) returned a point that breaks \(broken)")
        }
        return LinearProgramSolution(status: status, objectiveValue: objectiveValue, bestBound: bestBound,
                                     solver: solver, values: values, program: program.identity)
    }

    /// The first bound or constraint `values` breaks by more than ``tolerance``, described.
    static func violation(_ program: LinearProgram, _ values: [Double]) -> String? {
        func beyond(_ value: Double, _ lower: Double, _ upper: Double, scale: Double) -> Bool {
            guard value.isFinite else { return true }
            let slack = tolerance * max(1, scale, abs(lower.isFinite ? lower : 0), abs(upper.isFinite ? upper : 0))
            return value < lower - slack || value > upper + slack
        }
        for j in values.indices
        where beyond(values[j], program.columnLower[j], program.columnUpper[j], scale: abs(values[j])) {
            return "the bounds of variable \"\(program.variableNames[j])\" "
                + "(\(values[j]) outside [\(program.columnLower[j]), \(program.columnUpper[j])])"
        }
        for i in 0..<program.constraintCount {
            let (value, scale) = program.activity(ofConstraint: i, at: values)
            if beyond(value, program.rowLower[i], program.rowUpper[i], scale: scale) {
                return "constraint \"\(program.constraintNames[i])\" "
                    + "(\(value) outside [\(program.rowLower[i]), \(program.rowUpper[i])])"
            }
        }
        return nil
    }

    /// The names whose weights in `vector` are not negligible, largest first (ties in order).
    static func named(_ vector: [Double], _ names: [String]) -> [String] {
        let largest = vector.map(abs).max() ?? 0
        guard largest > 0, largest.isFinite else { return [] }
        return vector.indices.filter { abs(vector[$0]) > 1e-9 * largest }
            .sorted { (-abs(vector[$0]), $0) < (-abs(vector[$1]), $1) }
            .map { names[$0] }
    }

    /// `"a", "b" and 3 more`.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(namesListed).map { "\"\($0)\"" }.joined(separator: ", ")
        return names.count > namesListed ? "\(shown) and \(names.count - namesListed) more" : shown
    }

    static func infeasibleMessage(_ program: LinearProgram, _ certificate: [Double]?, integer: Bool) -> String {
        if integer {
            return "no integer point satisfies the constraints and bounds (the continuous relaxation has one)"
        }
        let rows = certificate.map { named($0, program.constraintNames) } ?? []
        return rows.isEmpty ? "no point satisfies the constraints and bounds"
            : "no point satisfies constraints \(list(rows)) together with the variables' bounds"
    }

    static func unboundedMessage(_ program: LinearProgram, _ ray: [Double]?) -> String {
        let what = program.sense == .minimise ? "decreases" : "increases"
        let columns = ray.map { named($0, program.variableNames) } ?? []
        return columns.isEmpty ? "the objective \(what) without limit"
            : "the objective \(what) without limit along variables \(list(columns))"
    }
}
