/// Solves a ``LinearProgram`` with COIN-OR: Clp (dual simplex after presolve) when every
/// variable is continuous, Cbc (branch and cut) when some variable is integer.
///
/// - Deterministic: fixed settings, one thread, Cbc's fixed random seed; the same program
///   gives the same point and objective on the same libraries. (Another Clp or Cbc version
///   may reach another optimal point with the same objective.)
/// - Quiet: nothing is printed to stdout or stderr.
/// - Safe from several threads at once: each solve builds its own C model. Clp solves run
///   in parallel; Cbc's driver keeps global state, so Cbc solves take turns behind a lock.
/// - `timeLimit`: for a MILP, elapsed time; Cbc returns the best point found so far with
///   status ``LinearProgramSolution/Status/stoppedAtTimeLimit``, or throws
///   `optimization.time-limit` if it found none. For a linear program, Clp counts the
///   process's CPU time (its C interface offers no wall-clock limit) and throws
///   `optimization.time-limit` when it runs out. Without a limit the solve runs to the end.
///
/// Every point returned is checked against the program: each bound and constraint holds to
/// 1e-6 relative and integer variables are whole numbers, else `optimization.solver-failed`.
/// The errors and their codes are ``OptimizationError``'s.
public struct LinearProgramSolver: Sendable {
    /// The time limit, or nil for none.
    public let timeLimit: Duration?

    /// A solver with an optional time limit (positive).
    public init(timeLimit: Duration? = nil) {
        precondition(timeLimit.map { $0 > .zero } ?? true, "a time limit is positive")
        self.timeLimit = timeLimit
    }

    /// An optimal (or, at a MILP's time limit, the best feasible) point of `program`.
    public func solve(_ program: LinearProgram) throws(OptimizationError) -> LinearProgramSolution {
        let seconds = timeLimit.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        let outcome: SolverOutcome
        if program.variableCount == 0 {
            outcome = Self.empty(program)
        } else if program.integerCount == 0 {
            outcome = ClpRun.solve(program, seconds: seconds)
        } else {
            outcome = CbcRun.solve(program, seconds: seconds)
        }
        return try outcome.solution(of: program)
    }

    /// A program without variables: feasible when every constraint admits 0.
    static func empty(_ program: LinearProgram) -> SolverOutcome {
        let certificate = (0..<program.constraintCount).map {
            program.rowLower[$0] > 0 || program.rowUpper[$0] < 0 ? 1.0 : 0
        }
        let verdict: SolverOutcome.Verdict = certificate.contains(1)
            ? .infeasible(certificate: certificate, integer: false) : .optimal
        return SolverOutcome(verdict: verdict, solver: "none (no variables)")
    }
}
