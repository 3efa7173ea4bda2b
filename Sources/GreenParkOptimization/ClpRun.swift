import CCoinOR

/// One solve of a program's continuous relaxation by Clp (its C interface), on a model of
/// its own: Clp keeps no state between models, so solves on several threads run at once.
///
/// Fixed settings, so the same program gives the same point: dual simplex after presolve,
/// log level 0 (nothing printed), and no interrupt handler (Clp would otherwise swap the
/// process's SIGINT handler during the solve, which is not safe across threads).
enum ClpRun {
    /// Clp's ClpSolve method numbers.
    enum Method: Int32 {
        case dual = 0
        case primal = 1
    }

    static let version = "Clp " + String(cString: Clp_Version())

    /// Solves `program` ignoring integrality. `seconds`: Clp's limit, which counts the
    /// process's CPU time (its C interface has no wall-clock limit). An infeasible or
    /// unbounded verdict without a certificate is solved again without presolve (dual
    /// simplex for a Farkas ray, primal for an unbounded ray), so messages can name rows.
    static func solve(_ program: LinearProgram, seconds: Double?) -> SolverOutcome {
        let outcome = run(program, seconds: seconds, presolve: true, method: .dual)
        switch outcome.verdict {
        case .infeasible(nil, _):
            let again = run(program, seconds: seconds, presolve: false, method: .dual)
            if case .infeasible(.some, _) = again.verdict { return again }
        case .unbounded(nil):
            let again = run(program, seconds: seconds, presolve: false, method: .primal)
            if case .unbounded(.some) = again.verdict { return again }
        default:
            break
        }
        return outcome
    }

    static func run(_ program: LinearProgram, seconds: Double?, presolve: Bool, method: Method) -> SolverOutcome {
        guard let model = Clp_newModel() else {
            return SolverOutcome(verdict: .failed(reason: "no model"), solver: version)
        }
        defer { Clp_deleteModel(model) }
        guard let options = ClpSolve_new() else {
            return SolverOutcome(verdict: .failed(reason: "no solve options"), solver: version)
        }
        defer { ClpSolve_delete(options) }
        Clp_setLogLevel(model, 0)
        let matrix = program.columnMatrix()
        Clp_loadProblem(model, Int32(program.variableCount), Int32(program.constraintCount),
                        matrix.starts, matrix.rows, matrix.values,
                        LinearProgram.coin(program.columnLower), LinearProgram.coin(program.columnUpper),
                        program.objective,
                        LinearProgram.coin(program.rowLower), LinearProgram.coin(program.rowUpper))
        Clp_setOptimizationDirection(model, program.sense == .maximise ? -1 : 1)
        if let seconds { Clp_setMaximumSeconds(model, max(seconds, 1e-3)) }
        ClpSolve_setSpecialOption(options, 2, 1, -1)    // 2: interrupt handling, 1: off
        ClpSolve_setSolveType(options, method.rawValue, -1)
        ClpSolve_setPresolveType(options, presolve ? 0 : 1, -1)    // 0: on, 1: off
        Clp_initialSolveWithOptions(model, options)
        let n = program.variableCount, m = program.constraintCount
        var outcome = SolverOutcome(verdict: .optimal, solver: version)
        switch Clp_status(model) {
        case 0:
            outcome.values = Array(UnsafeBufferPointer(start: Clp_primalColumnSolution(model), count: n))
            outcome.objectiveValue = Clp_objectiveValue(model)
            outcome.bestBound = outcome.objectiveValue
        case 1:
            outcome.verdict = .infeasible(certificate: take(Clp_infeasibilityRay(model), count: m, model: model),
                                          integer: false)
        case 2:
            outcome.verdict = .unbounded(ray: take(Clp_unboundedRay(model), count: n, model: model))
        case 3 where seconds != nil && Clp_hitMaximumIterations(model) != 0:
            outcome.verdict = .timeLimit(feasible: false)
        case let status:
            outcome.verdict = .failed(reason: "status \(status), secondary status \(Clp_secondaryStatus(model))")
        }
        return outcome
    }

    /// Copies a ray Clp allocated, and frees it.
    private static func take(_ ray: UnsafeMutablePointer<Double>?, count: Int, model: UnsafeMutableRawPointer)
        -> [Double]? {
        guard let ray else { return nil }
        defer { Clp_freeRay(model, ray) }
        return Array(UnsafeBufferPointer(start: ray, count: count))
    }
}
