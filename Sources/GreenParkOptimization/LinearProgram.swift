import Synchronization

/// A linear program, or a mixed-integer one when some variable is integer: minimise or
/// maximise `sum c_j x_j` subject to `lower_i <= sum a_ij x_j <= upper_i` for every
/// constraint i and `lower_j <= x_j <= upper_j` for every variable j.
///
/// Built by adding variables and constraints; each add checks its input and throws an
/// ``OptimizationError`` with code `optimization.invalid-model` naming the variable or
/// constraint, so a program that exists is always well formed:
/// - every number is finite, except bounds, which may be infinite on their own side
///   (`lower` may be `-infinity`, `upper` may be `+infinity`); `lower <= upper`;
/// - a constraint's terms name variables of this program (ids carry their program's
///   identity, so an id of another program is refused); terms naming one variable twice
///   are added together, and zero coefficients are dropped.
///
/// Values are `Double`: this is an optimiser, not a ledger. Callers round to Wh or fen
/// themselves. ``LinearProgramSolver`` solves it.
public struct LinearProgram: Sendable {
    /// Whether the objective is minimised or maximised.
    public enum Sense: String, Sendable {
        case minimise, maximise
    }

    /// What values a variable may take.
    public enum Kind: String, Sendable {
        /// Any real number within the bounds.
        case continuous
        /// A whole number within the bounds.
        case integer
    }

    /// A variable of one program (its position, and the program it belongs to).
    public struct VariableID: Hashable, Sendable {
        let program: UInt64
        /// The variable's position, from 0 in the order added.
        public let index: Int
    }

    /// A constraint of one program (its position, and the program it belongs to).
    public struct ConstraintID: Hashable, Sendable {
        let program: UInt64
        /// The constraint's position, from 0 in the order added.
        public let index: Int
    }

    /// Each program's identity: ids of one program are refused by another.
    private static let programs = Atomic<UInt64>(0)

    /// The direction of optimisation.
    public let sense: Sense
    let identity: UInt64
    private(set) var variableNames: [String] = []
    private(set) var columnLower: [Double] = []
    private(set) var columnUpper: [Double] = []
    private(set) var objective: [Double] = []
    private(set) var isInteger: [Bool] = []
    private(set) var constraintNames: [String] = []
    private(set) var rowLower: [Double] = []
    private(set) var rowUpper: [Double] = []
    /// The constraint matrix by rows: row i's terms are `rowStarts[i]..<rowStarts[i + 1]`.
    private(set) var rowStarts: [Int] = [0]
    private(set) var rowColumns: [Int32] = []
    private(set) var rowValues: [Double] = []

    /// An empty program.
    public init(sense: Sense = .minimise) {
        self.sense = sense
        identity = Self.programs.add(1, ordering: .relaxed).newValue
    }

    /// The number of variables.
    public var variableCount: Int { variableNames.count }
    /// The number of constraints.
    public var constraintCount: Int { constraintNames.count }
    /// The number of integer variables (0: a linear program, solved by Clp).
    public var integerCount: Int { isInteger.lazy.filter { $0 }.count }
    /// The number of non-zero coefficients in the constraints.
    public var termCount: Int { rowValues.count }

    /// The name a variable was added with.
    public func name(of variable: VariableID) -> String {
        precondition(variable.program == identity, "a variable of another program")
        return variableNames[variable.index]
    }

    /// The name a constraint was added with.
    public func name(of constraint: ConstraintID) -> String {
        precondition(constraint.program == identity, "a constraint of another program")
        return constraintNames[constraint.index]
    }

    /// Adds a variable `lower <= x <= upper` with objective coefficient `objective`;
    /// `name` is for messages. Throws `optimization.invalid-model` for a NaN or infinite
    /// objective, a NaN bound, `lower = +infinity`, `upper = -infinity` or `lower > upper`.
    @discardableResult
    public mutating func addVariable(_ name: String, lower: Double = 0, upper: Double = .infinity,
                                     objective: Double = 0, kind: Kind = .continuous)
        throws(OptimizationError) -> VariableID {
        guard objective.isFinite else {
            throw .invalidModel("variable \"\(name)\": objective coefficient \(objective) is not a finite number")
        }
        try Self.checkBounds(lower, upper, of: "variable \"\(name)\"")
        variableNames.append(name)
        columnLower.append(lower)
        columnUpper.append(upper)
        self.objective.append(objective)
        isInteger.append(kind == .integer)
        return VariableID(program: identity, index: variableNames.count - 1)
    }

    /// Adds a binary variable (integer, `0 <= x <= 1`).
    @discardableResult
    public mutating func addBinary(_ name: String, objective: Double = 0) throws(OptimizationError) -> VariableID {
        try addVariable(name, lower: 0, upper: 1, objective: objective, kind: .integer)
    }

    /// Adds the constraint `lower <= sum coefficient x <= upper` over `terms`; `name` is for
    /// messages. Throws `optimization.invalid-model` for a NaN or infinite coefficient, a
    /// variable of another program, or bounds as ``addVariable(_:lower:upper:objective:kind:)``
    /// refuses them.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [(VariableID, Double)],
                                       lower: Double = -.infinity, upper: Double = .infinity)
        throws(OptimizationError) -> ConstraintID {
        try Self.checkBounds(lower, upper, of: "constraint \"\(name)\"")
        var row: [(column: Int32, value: Double)] = []
        row.reserveCapacity(terms.count)
        for (variable, coefficient) in terms {
            guard variable.program == identity, variable.index >= 0, variable.index < variableNames.count else {
                throw .invalidModel("constraint \"\(name)\": variable #\(variable.index) "
                    + "is not a variable of this program")
            }
            guard coefficient.isFinite else {
                let what = variableNames[variable.index]
                throw .invalidModel("constraint \"\(name)\": coefficient \(coefficient) of \"\(what)\" "
                    + "is not a finite number")
            }
            row.append((Int32(variable.index), coefficient))
        }
        if !row.indices.dropFirst().allSatisfy({ row[$0 - 1].column < row[$0].column }) {
            row.sort { $0.column < $1.column }
        }
        let start = rowColumns.count
        for term in row {
            if rowColumns.count > start, rowColumns[rowColumns.count - 1] == term.column {
                rowValues[rowValues.count - 1] += term.value
            } else {
                rowColumns.append(term.column)
                rowValues.append(term.value)
            }
        }
        // Zero coefficients (given, or summing to zero) are dropped.
        var kept = start
        for k in start..<rowColumns.count where rowValues[k] != 0 {
            rowColumns[kept] = rowColumns[k]
            rowValues[kept] = rowValues[k]
            kept += 1
        }
        rowColumns.removeSubrange(kept...)
        rowValues.removeSubrange(kept...)
        rowStarts.append(kept)
        constraintNames.append(name)
        rowLower.append(lower)
        rowUpper.append(upper)
        return ConstraintID(program: identity, index: constraintNames.count - 1)
    }

    /// Adds the constraint `sum coefficient x = value` over `terms`.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [(VariableID, Double)], equalTo value: Double)
        throws(OptimizationError) -> ConstraintID {
        guard value.isFinite else {
            throw .invalidModel("constraint \"\(name)\": right-hand side \(value) is not a finite number")
        }
        return try addConstraint(name, terms, lower: value, upper: value)
    }

    /// Bounds are numbers, infinite only on their own side, and in order.
    private static func checkBounds(_ lower: Double, _ upper: Double, of what: String) throws(OptimizationError) {
        guard !lower.isNaN, !upper.isNaN else {
            throw .invalidModel("\(what): a bound is not a number (lower \(lower), upper \(upper))")
        }
        guard lower != .infinity else { throw .invalidModel("\(what): lower bound is +infinity") }
        guard upper != -.infinity else { throw .invalidModel("\(what): upper bound is -infinity") }
        guard lower <= upper else {
            throw .invalidModel("\(what): lower bound \(lower) is above upper bound \(upper)")
        }
    }
}
