import CCoinOR
import Synchronization

/// One solve of a mixed-integer program by Cbc (its C interface).
///
/// Cbc's C interface runs the solver's command-line driver (`CbcMain1`), which keeps its
/// state in globals (the argument reader's mode, the current branch-and-bound model, the
/// preprocessor), so two solves at once would share them: one lock lets one Cbc solve run
/// at a time in the process. Clp solves (``ClpRun``) do not wait for it.
///
/// Fixed settings, so the same program gives the same point: one thread (`threads 0`), log
/// levels 0 (nothing printed), a relative gap of 1e-9, Cbc's fixed default random seed, and
/// the time limit in elapsed (wall-clock) seconds.
enum CbcRun {
    private static let lock = Mutex(())

    static let version = "Cbc " + String(cString: Cbc_getVersion())

    static func solve(_ program: LinearProgram, seconds: Double?) -> SolverOutcome {
        var outcome = lock.withLock { _ in run(program, seconds: seconds) }
        // Clp on the relaxation tells whether integers are to blame, with a certificate to name rows.
        if case .infeasible = outcome.verdict {
            let relaxed = ClpRun.solve(program, seconds: seconds)
            switch relaxed.verdict {
            case .infeasible: outcome.verdict = relaxed.verdict
            case .optimal: outcome.verdict = .infeasible(certificate: nil, integer: true)
            default: break
            }
        } else if case .unbounded = outcome.verdict {
            let relaxed = ClpRun.solve(program, seconds: seconds)
            if case .unbounded = relaxed.verdict { outcome.verdict = relaxed.verdict }
        }
        return outcome
    }

    private static func run(_ program: LinearProgram, seconds: Double?) -> SolverOutcome {
        guard let model = Cbc_newModel() else {
            return SolverOutcome(verdict: .failed(reason: "no model"), solver: version)
        }
        defer { Cbc_deleteModel(model) }
        let matrix = program.columnMatrix()
        Cbc_loadProblem(model, Int32(program.variableCount), Int32(program.constraintCount),
                        matrix.starts, matrix.rows, matrix.values,
                        LinearProgram.coin(program.columnLower), LinearProgram.coin(program.columnUpper),
                        program.objective,
                        LinearProgram.coin(program.rowLower), LinearProgram.coin(program.rowUpper))
        for j in 0..<program.variableCount where program.isInteger[j] { Cbc_setInteger(model, Int32(j)) }
        Cbc_setObjSense(model, program.sense == .maximise ? -1 : 1)
        var parameters = [("log", "0"), ("slog", "0"), ("threads", "0"), ("ratioGap", "1e-9"), ("timeMode", "elapsed")]
        if let seconds { parameters.append(("sec", "\(max(seconds, 1e-3))")) }
        for (name, value) in parameters { Cbc_setParameter(model, name, value) }
        Cbc_setLogLevel(model, 0)
        Cbc_solve(model)
        let n = program.variableCount
        var outcome = SolverOutcome(verdict: .optimal, solver: version)
        let best = Cbc_bestSolution(model).map { Array(UnsafeBufferPointer(start: $0, count: n)) }
        if let best {
            outcome.values = best
            outcome.objectiveValue = Cbc_getObjValue(model)
            outcome.bestBound = Cbc_getBestPossibleObjValue(model)
        }
        if Cbc_isProvenOptimal(model) != 0, best != nil {
            outcome.bestBound = outcome.objectiveValue
        } else if Cbc_isProvenInfeasible(model) != 0 {
            outcome.verdict = .infeasible(certificate: nil, integer: false)
        } else if Cbc_isContinuousUnbounded(model) != 0 {
            outcome.verdict = .unbounded(ray: nil)
        } else if Cbc_isSecondsLimitReached(model) != 0 {
            outcome.verdict = .timeLimit(feasible: best != nil)
        } else {
            let abandoned = Cbc_isAbandoned(model) != 0 ? " (abandoned: numerical difficulties)" : ""
            outcome.verdict = .failed(reason: "status \(Cbc_status(model)), secondary status "
                + "\(Cbc_secondaryStatus(model))\(abandoned)")
        }
        return outcome
    }
}
