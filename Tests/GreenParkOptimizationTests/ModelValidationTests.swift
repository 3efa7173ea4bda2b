import GreenParkOptimization
import Testing

/// Every refusal of `optimization.invalid-model`, each naming what it refuses.
@Suite("A program is well formed or not built: optimization.invalid-model")
struct ModelValidationTests {
    /// The error `body` throws; fails the test when it throws none.
    func refusal(_ body: () throws -> Void) -> OptimizationError? {
        do {
            try body()
            Issue.record("no error thrown")
            return nil
        } catch {
            return error as? OptimizationError
        }
    }

    func expectInvalid(_ fragment: String, _ body: () throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let error = refusal(body)
        #expect(error?.code == "optimization.invalid-model", sourceLocation: sourceLocation)
        #expect(error?.isBadInput == true, sourceLocation: sourceLocation)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))",
                sourceLocation: sourceLocation)
    }

    @Test("variables: objective and bounds")
    func variables() {
        var program = LinearProgram()
        expectInvalid("variable \"a\": objective coefficient nan") { try program.addVariable("a", objective: .nan) }
        expectInvalid("variable \"b\": objective coefficient inf") {
            try program.addVariable("b", objective: .infinity)
        }
        expectInvalid("variable \"c\": a bound is not a number") { try program.addVariable("c", lower: .nan) }
        expectInvalid("variable \"d\": lower bound is +infinity") { try program.addVariable("d", lower: .infinity) }
        expectInvalid("variable \"e\": upper bound is -infinity") {
            try program.addVariable("e", lower: -.infinity, upper: -.infinity)
        }
        expectInvalid("variable \"f\": lower bound 2.0 is above upper bound 1.0") {
            try program.addVariable("f", lower: 2, upper: 1)
        }
        // Nothing refused was added; infinite bounds on their own side are fine.
        #expect(program.variableCount == 0)
        #expect((try? program.addVariable("free", lower: -.infinity, upper: .infinity)) != nil)
    }

    @Test("constraints: coefficients, bounds, and variables of another program")
    func constraints() throws {
        var program = LinearProgram()
        let x = try program.addVariable("x")
        var other = LinearProgram()
        _ = try other.addVariable("o0")
        let foreign = try other.addVariable("o1")
        expectInvalid("constraint \"r1\": coefficient nan of \"x\"") {
            try program.addConstraint("r1", [(x, .nan)], upper: 1)
        }
        expectInvalid("constraint \"r2\": coefficient -inf of \"x\"") {
            try program.addConstraint("r2", [(x, -.infinity)], upper: 1)
        }
        expectInvalid("constraint \"r3\": lower bound 1.0 is above upper bound 0.0") {
            try program.addConstraint("r3", [(x, 1)], lower: 1, upper: 0)
        }
        expectInvalid("constraint \"r4\": upper bound is -infinity") {
            try program.addConstraint("r4", [(x, 1)], upper: -.infinity)
        }
        expectInvalid("constraint \"r5\": right-hand side inf") {
            try program.addConstraint("r5", [(x, 1)], equalTo: .infinity)
        }
        expectInvalid("constraint \"r6\": a bound is not a number") {
            try program.addConstraint("r6", [(x, 1)], lower: .nan)
        }
        // o1 is variable #1 of its program, and this one has only #0; a #0 of another program
        // (in range here) is refused as well: ids carry their program.
        expectInvalid("constraint \"r7\": variable #1 is not a variable of this program") {
            try program.addConstraint("r7", [(x, 1), (foreign, 1)], upper: 1)
        }
        var third = LinearProgram()
        let zero = try third.addVariable("t0")
        expectInvalid("constraint \"r8\": variable #0 is not a variable of this program") {
            try program.addConstraint("r8", [(zero, 1)], upper: 1)
        }
        #expect(program.constraintCount == 0)
    }

    @Test("the codes are stable, and which are bad input")
    func codes() {
        #expect(OptimizationError.Kind.allCases.map(\.rawValue) == [
            "optimization.invalid-model", "optimization.infeasible", "optimization.unbounded",
            "optimization.time-limit", "optimization.solver-failed",
        ])
        let badInput = OptimizationError.Kind.allCases.filter { OptimizationError($0, "").isBadInput }
        #expect(badInput == [.invalidModel, .infeasible])
        #expect(OptimizationError(.unbounded, "m").description == "m [optimization.unbounded]")
    }
}
