import GreenParkCore
@testable import GreenParkOptimization
import Testing

/// Each error a solve can end in, shown happening, with what its message names.
@Suite("No solution: infeasible, unbounded, time limit, solver failed")
struct SolveErrorTests {
    func error(_ program: LinearProgram, _ solver: LinearProgramSolver = LinearProgramSolver()) -> OptimizationError? {
        do {
            _ = try solver.solve(program)
            Issue.record("solved, but an error was expected")
            return nil
        } catch {
            return error
        }
    }

    /// x0 + x1 >= 15 with x0 <= 3 and x1 <= 4 cannot hold (3 + 4 = 7 < 15); x2 >= 1 is unrelated.
    func infeasible(integer: Bool) throws -> LinearProgram {
        var program = LinearProgram()
        let kind: LinearProgram.Kind = integer ? .integer : .continuous
        let x = try (0..<3).map { try program.addVariable("x\($0)", upper: 10, objective: 1, kind: kind) }
        try program.addConstraint("unrelated", [(x[2], 1)], lower: 1)
        try program.addConstraint("demand", [(x[0], 1), (x[1], 1)], lower: 15)
        try program.addConstraint("cap x0", [(x[0], 1)], upper: 3)
        try program.addConstraint("cap x1", [(x[1], 1)], upper: 4)
        return program
    }

    @Test("infeasible LP and MILP: the message names the constraints of Clp's certificate, not the others")
    func infeasibleNamesRows() throws {
        for integer in [false, true] {
            let error = error(try infeasible(integer: integer))
            #expect(error?.code == "optimization.infeasible" && error?.isBadInput == true)
            let message = error?.message ?? ""
            #expect(message.contains("\"demand\"") && message.contains("\"cap x0\"") && message.contains("\"cap x1\""),
                    "\(message)")
            #expect(!message.contains("unrelated"), "\(message)")
        }
    }

    @Test("integer-infeasible: 0.5 <= x <= 0.7 has real points but no whole one")
    func integerInfeasible() throws {
        var program = LinearProgram()
        let x = try program.addVariable("x", upper: 10, objective: 1, kind: .integer)
        try program.addConstraint("between", [(x, 1)], lower: 0.5, upper: 0.7)
        let error = error(program)
        #expect(error?.code == "optimization.infeasible")
        #expect(error?.message.contains("no integer point") == true, "\(String(describing: error))")
    }

    @Test("a program without variables whose constraint excludes 0 is infeasible, named")
    func emptyInfeasible() throws {
        var program = LinearProgram()
        try program.addConstraint("fine", [], lower: -1, upper: 1)
        try program.addConstraint("one", [], lower: 1)
        let error = error(program)
        #expect(error?.code == "optimization.infeasible" && error?.message.contains("\"one\"") == true)
        #expect(error?.message.contains("fine") == false)
    }

    @Test("unbounded LP and MILP: maximise x + y with only x - y <= 1; the message names the ray's variables")
    func unbounded() throws {
        for integer in [false, true] {
            var program = LinearProgram(sense: .maximise)
            let x = try program.addVariable("x", objective: 1, kind: integer ? .integer : .continuous)
            let y = try program.addVariable("y", objective: 1)
            let z = try program.addVariable("z", upper: 1, objective: 1)
            try program.addConstraint("gap", [(x, 1), (y, -1)], upper: 1)
            try program.addConstraint("z", [(z, 1)], upper: 1)
            let error = error(program)
            // Along (1, 1, 0) or (0, 1, 0) the objective grows without end; z is bounded.
            #expect(error?.code == "optimization.unbounded" && error?.isBadInput == false)
            #expect(error?.message.contains("increases without limit along variables") == true
                && error?.message.contains("\"y\"") == true && error?.message.contains("\"z\"") == false,
                    "\(String(describing: error))")
        }
    }

    /// A market-split instance (Cornuejols and Dawande): four rows `sum a_ij x_j = floor(sum_j a_ij / 2)`
    /// over binaries, a_ij in 0...99 from a seed; notoriously slow to settle by branch and bound
    /// (a 30-column one took Cbc 52 s to prove infeasible). `slack`: each row may miss its target at
    /// a cost of 1 per unit, so x = 0 is feasible at once and only the proof of optimality is slow.
    func marketSplit(columns n: Int, slack: Bool) throws -> LinearProgram {
        var random = SplitMix64(seed: 42)
        var program = LinearProgram()
        let x = try (0..<n).map { try program.addBinary("x\($0)") }
        for i in 0..<4 {
            let a = (0..<n).map { _ in Double(random.next() % 100) }
            var terms = Array(zip(x, a))
            if slack {
                terms.append((try program.addVariable("over\(i)", objective: 1), -1))
                terms.append((try program.addVariable("under\(i)", objective: 1), 1))
            }
            try program.addConstraint("split\(i)", terms, equalTo: (a.reduce(0, +) / 2).rounded(.down))
        }
        return program
    }

    @Test("MILP time limit: before any feasible point, optimization.time-limit")
    func milpTimeLimitWithoutPoint() throws {
        let start = ContinuousClock.now
        let solver = LinearProgramSolver(timeLimit: .milliseconds(200))
        let error = error(try marketSplit(columns: 40, slack: false), solver)
        #expect(error?.code == "optimization.time-limit" && error?.isBadInput == false, "\(String(describing: error))")
        #expect(error?.message.hasPrefix("Cbc ") == true)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test("MILP time limit after a feasible point: that point, status time-limit, its bound below it")
    func milpTimeLimitWithPoint() throws {
        let program = try marketSplit(columns: 40, slack: true)
        let solution = try LinearProgramSolver(timeLimit: .milliseconds(200)).solve(program)
        #expect(solution.status == .stoppedAtTimeLimit)
        #expect(solution.bestBound < solution.objectiveValue - 1e-6)
        // The point is feasible (checked by the solver) and its objective is the total slack.
        #expect(abs(solution.values.suffix(8).reduce(0, +) - solution.objectiveValue) < 1e-6)
    }

    @Test("LP time limit: optimization.time-limit (a least-core LP of 65,534 rows, about 2 s unlimited)")
    func lpTimeLimit() throws {
        var random = SplitMix64(seed: 7)
        let n = 16
        var program = LinearProgram()
        let x = try (0..<n).map { try program.addVariable("x\($0)") }
        let e = try program.addVariable("e", lower: -.infinity, objective: 1)
        for s in 1..<((1 << n) - 1) {
            let terms = (0..<n).filter { s & (1 << $0) != 0 }.map { (x[$0], 1.0) } + [(e, -1.0)]
            try program.addConstraint("S\(s)", terms, upper: Double(s.nonzeroBitCount) / 16 + random.nextDouble() / 8)
        }
        try program.addConstraint("efficiency", x.map { ($0, 1.0) }, equalTo: 1)
        let error = error(program, LinearProgramSolver(timeLimit: .milliseconds(20)))
        #expect(error?.code == "optimization.time-limit" && error?.message.hasPrefix("Clp ") == true,
                "\(String(describing: error))")
    }

    @Test("solver failed: what the library reports, and a returned point that breaks the program")
    func solverFailed() throws {
        var program = LinearProgram()
        let x = try program.addVariable("x", upper: 4)
        let n = try program.addVariable("n", upper: 4, kind: .integer)
        try program.addConstraint("at most 3", [(x, 1)], upper: 3)
        func failure(_ outcome: SolverOutcome) -> OptimizationError? {
            do { _ = try outcome.solution(of: program); return nil } catch { return error }
        }
        let gaveUp = failure(SolverOutcome(verdict: .failed(reason: "status 4"), solver: "Clp 1.17.6"))
        #expect(gaveUp?.code == "optimization.solver-failed" && gaveUp?.message == "Clp 1.17.6 failed: status 4")
        // x = 3.5 breaks "at most 3" by 0.5, far beyond 1e-6 x max(1, 3, 3.5).
        let broken = failure(SolverOutcome(verdict: .optimal, values: [3.5, 0], solver: "Clp"))
        #expect(broken?.code == "optimization.solver-failed"
            && broken?.message.contains("breaks constraint \"at most 3\" (3.5 outside") == true,
                "\(String(describing: broken))")
        let outside = failure(SolverOutcome(verdict: .optimal, values: [-1, 0], solver: "Clp"))
        #expect(outside?.message.contains("the bounds of variable \"x\"") == true)
        let fractional = failure(SolverOutcome(verdict: .optimal, values: [1, 0.5], solver: "Cbc"))
        #expect(fractional?.message.contains("returned 0.5 for integer variable \"n\"") == true)
        let short = failure(SolverOutcome(verdict: .optimal, values: [1], solver: "Clp"))
        #expect(short?.code == "optimization.solver-failed")
        // Within the tolerance: accepted, the integer rounded to a whole number.
        let fine = try SolverOutcome(verdict: .optimal, values: [3 + 1e-9, 2 - 1e-9], solver: "Cbc")
            .solution(of: program)
        #expect(fine[n] == 2)
    }
}
