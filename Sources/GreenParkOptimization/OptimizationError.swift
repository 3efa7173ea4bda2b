import GreenParkCore

/// Why a linear program has no solution to return, with a stable code (docs/optimization.md):
///
/// - `optimization.invalid-model`: a variable or constraint was refused when added (NaN,
///   infinite coefficient, lower bound above upper, a variable of another program);
/// - `optimization.infeasible`: no point satisfies every constraint and bound (for a MILP:
///   no integer point);
/// - `optimization.unbounded`: the objective improves without limit;
/// - `optimization.time-limit`: the time limit ran out before any feasible point was found;
/// - `optimization.solver-failed`: Clp or Cbc gave up (numerical trouble), or returned a
///   point that breaks a bound or constraint.
///
/// The message names the variables or constraints involved where the solver tells them:
/// for an infeasible linear program, the constraints of Clp's Farkas certificate (the rows
/// whose combination proves that no point exists); for an unbounded one, the variables of
/// the direction along which the objective improves forever.
public struct OptimizationError: GreenParkError, Equatable {
    /// What went wrong, one case per code.
    public enum Kind: String, Sendable, CaseIterable {
        case invalidModel = "optimization.invalid-model"
        case infeasible = "optimization.infeasible"
        case unbounded = "optimization.unbounded"
        case timeLimit = "optimization.time-limit"
        case solverFailed = "optimization.solver-failed"
    }

    /// What went wrong.
    public let kind: Kind
    /// One line for a person, naming the variable or constraint where known.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The stable code, e.g. `optimization.infeasible`.
    public var code: String { kind.rawValue }

    /// A refused model and an infeasible one come from the caller's input (numbers that
    /// cannot all hold: exit code 2); an unbounded objective (a modelling mistake), a time
    /// limit and a solver failure are failures of the run (exit code 1).
    public var isBadInput: Bool { kind == .invalidModel || kind == .infeasible }

    static func invalidModel(_ message: String) -> OptimizationError { OptimizationError(.invalidModel, message) }
}
