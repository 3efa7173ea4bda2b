/// What ``LinearProgramSolver`` found for a ``LinearProgram``: a point that satisfies every
/// constraint and bound (checked after the solve, to 1e-6 relative), its objective value, and
/// whether it is proven optimal.
public struct LinearProgramSolution: Sendable {
    /// How far the solve got.
    public enum Status: String, Sendable {
        /// Proven optimal (for a MILP: within a relative gap of 1e-9 of the best bound).
        case optimal
        /// The time limit ran out after a feasible point was found (MILP only): the point
        /// is feasible, ``LinearProgramSolution/bestBound`` says how far from optimal it may be.
        case stoppedAtTimeLimit = "time-limit"
    }

    /// How far the solve got.
    public let status: Status
    /// The objective at ``values``, in the program's sense.
    public let objectiveValue: Double
    /// No feasible point has a better objective than this: equal to the objective value of
    /// a linear program; Cbc's best bound for a MILP.
    public let bestBound: Double
    /// Which library solved it, with its version (`Clp 1.17.6`, `Cbc 2.10.8`).
    public let solver: String
    /// Every variable's value, in the order added. Integer variables are whole numbers (values
    /// within 1e-6 of one, as the solver leaves them, are rounded to it).
    public let values: [Double]
    let program: UInt64

    init(status: Status, objectiveValue: Double, bestBound: Double, solver: String, values: [Double],
         program: UInt64) {
        self.status = status
        self.objectiveValue = objectiveValue
        self.bestBound = bestBound
        self.solver = solver
        self.values = values
        self.program = program
    }

    /// The value of `variable` (a variable of the program solved).
    public subscript(_ variable: LinearProgram.VariableID) -> Double {
        precondition(variable.program == program, "a variable of another program")
        return values[variable.index]
    }
}
