import GreenParkOptimization
import Testing

/// Small programs solved by hand, the arithmetic in the comments.
@Suite("Linear and mixed-integer programs worked by hand")
struct HandWorkedProgramTests {
    let solver = LinearProgramSolver()

    @Test("a production LP: maximise 5x + 4y with 6x + 4y <= 24, x + 2y <= 6 gives x = 3, y = 1.5, 21")
    func productionLP() throws {
        var program = LinearProgram(sense: .maximise)
        let x = try program.addVariable("x", objective: 5)
        let y = try program.addVariable("y", objective: 4)
        try program.addConstraint("material", [(x, 6), (y, 4)], upper: 24)
        try program.addConstraint("labour", [(x, 1), (y, 2)], upper: 6)
        let solution = try solver.solve(program)
        // Both rows tight: 6x + 4y = 24 and x + 2y = 6 -> (6x + 4y) - 2(x + 2y) = 4x = 12 -> x = 3,
        // y = (6 - 3) / 2 = 1.5; 5 x 3 + 4 x 1.5 = 21. Vertices (0, 3): 12, (4, 0): 20 are worse.
        #expect(solution.status == .optimal && solution.solver.hasPrefix("Clp "))
        #expect(abs(solution[x] - 3) < 1e-9 && abs(solution[y] - 1.5) < 1e-9)
        #expect(abs(solution.objectiveValue - 21) < 1e-9 && abs(solution.bestBound - 21) < 1e-9)
    }

    @Test("the same program with integer x and y: the relaxation's 21 becomes 20 at x = 4, y = 0")
    func productionMILP() throws {
        var program = LinearProgram(sense: .maximise)
        let x = try program.addVariable("x", objective: 5, kind: .integer)
        let y = try program.addVariable("y", objective: 4, kind: .integer)
        try program.addConstraint("material", [(x, 6), (y, 4)], upper: 24)
        try program.addConstraint("labour", [(x, 1), (y, 2)], upper: 6)
        let solution = try solver.solve(program)
        // Integer points: y = 0: x <= 4 -> 20; y = 1: 6x <= 20 -> x = 3 -> 19; y = 2: 6x <= 16, x <= 2
        // -> 18; y = 3: x <= 0 -> 12. Best 20 at (4, 0), below the relaxation's 21 at (3, 1.5).
        #expect(solution.status == .optimal && solution.solver.hasPrefix("Cbc "))
        #expect(solution[x] == 4 && solution[y] == 0)
        #expect(abs(solution.objectiveValue - 20) < 1e-9)
    }

    @Test("equality rows, free and negative bounds: a two-interval battery schedule at minimum cost")
    func batteryLP() throws {
        // Two intervals, prices 1 and 3 per kWh, load 2 kWh in each; a battery starting at 1 kWh
        // holds at most 4 kWh, charges or discharges at most 2 kWh an interval (p > 0 charges),
        // and must end at 1 kWh again. Grid g_t = load + p_t >= 0.
        var program = LinearProgram(sense: .minimise)
        let p1 = try program.addVariable("p[1]", lower: -2, upper: 2)
        let p2 = try program.addVariable("p[2]", lower: -2, upper: 2)
        let s1 = try program.addVariable("soc[1]", lower: 0, upper: 4)
        let g1 = try program.addVariable("grid[1]", lower: 0, objective: 1)
        let g2 = try program.addVariable("grid[2]", lower: 0, objective: 3)
        try program.addConstraint("soc balance 1", [(s1, 1), (p1, -1)], equalTo: 1)
        try program.addConstraint("end soc", [(s1, 1), (p2, 1)], equalTo: 1)
        try program.addConstraint("grid 1", [(g1, 1), (p1, -1)], equalTo: 2)
        try program.addConstraint("grid 2", [(g2, 1), (p2, -1)], equalTo: 2)
        let solution = try solver.solve(program)
        // Charge the cheap hour fully: p1 = 2 (soc 3), p2 = -2 (soc 1); grid 4 and 0 -> 4 x 1 + 0 x 3 = 4,
        // against 2 x 1 + 2 x 3 = 8 without the battery. Each kWh moved saves 3 - 1 = 2.
        #expect(abs(solution.objectiveValue - 4) < 1e-9)
        #expect(abs(solution[p1] - 2) < 1e-9 && abs(solution[p2] + 2) < 1e-9 && abs(solution[s1] - 3) < 1e-9)
        #expect(abs(solution[g1] - 4) < 1e-9 && abs(solution[g2]) < 1e-9)
    }

    @Test("a binary forbids charging and discharging at once: the LP burns energy that way, the MILP cannot")
    func simultaneousChargeAndDischarge() throws {
        // One interval at a negative price: every kWh exported costs 1. A surplus of 2.5 kWh goes
        // to export x or into a full battery (10 of 10 kWh; 50 % efficient each way, so the state
        // of charge moves by 0.5c - 2d, which must lie in [-10, 0]); c, d <= 2 kWh.
        func schedule(binary: Bool) throws -> (cost: Double, charge: Double, discharge: Double) {
            var program = LinearProgram(sense: .minimise)
            let c = try program.addVariable("charge", lower: 0, upper: 2)
            let d = try program.addVariable("discharge", lower: 0, upper: 2)
            let x = try program.addVariable("export", lower: 0, objective: 1)
            try program.addConstraint("soc", [(c, 0.5), (d, -2)], lower: -10, upper: 0)
            try program.addConstraint("balance", [(x, 1), (c, 1), (d, -1)], equalTo: 2.5)
            if binary {
                let charging = try program.addBinary("charging")
                try program.addConstraint("charge only when charging", [(c, 1), (charging, -2)], upper: 0)
                try program.addConstraint("discharge only when not", [(d, 1), (charging, 2)], upper: 2)
            }
            let solution = try solver.solve(program)
            return (solution.objectiveValue, solution[c], solution[d])
        }
        // LP: x = 2.5 - c + d and d >= c / 4 (soc), so x >= 2.5 - 0.75c >= 2.5 - 1.5 = 1, at c = 2,
        // d = 0.5: it charges and discharges at once, losing 1.5 kWh in the battery.
        let lp = try schedule(binary: false)
        #expect(abs(lp.cost - 1) < 1e-9 && abs(lp.charge - 2) < 1e-9 && abs(lp.discharge - 0.5) < 1e-9)
        // MILP: charging = 1 forces d = 0, then c / 4 <= 0 gives c = 0; charging = 0 forces c = 0.
        // Either way x = 2.5 + d >= 2.5: the whole surplus is exported, cost 2.5.
        let milp = try schedule(binary: true)
        #expect(abs(milp.cost - 2.5) < 1e-9 && milp.charge == 0 && abs(milp.discharge) < 1e-9)
    }

    @Test("a relaxation that differs: a knapsack's LP takes a fraction, the integer optimum does not")
    func knapsack() throws {
        // Items (value, weight) (10, 5), (8, 4), (7, 3); capacity 6. LP by value per weight (2, 2,
        // 2.33): all of item 3 (7), then 3 of weight at 2 -> 7 + 6 = 13. Integer: single items give
        // 10, 8, 7; every pair weighs 7 or more > 6; best 10.
        func best(integer: Bool) throws -> Double {
            var program = LinearProgram(sense: .maximise)
            let kind: LinearProgram.Kind = integer ? .integer : .continuous
            let items = [(10.0, 5.0), (8.0, 4.0), (7.0, 3.0)]
            var terms: [(LinearProgram.VariableID, Double)] = []
            for (k, (value, weight)) in items.enumerated() {
                terms.append((try program.addVariable("item \(k + 1)", upper: 1, objective: value, kind: kind), weight))
            }
            try program.addConstraint("capacity", terms, upper: 6)
            return try solver.solve(program).objectiveValue
        }
        #expect(abs(try best(integer: false) - 13) < 1e-9)
        #expect(abs(try best(integer: true) - 10) < 1e-9)
    }

    @Test("terms naming a variable twice are added; zero coefficients dropped; a program without variables")
    func termsAndEmpty() throws {
        var program = LinearProgram(sense: .maximise)
        let x = try program.addVariable("x", upper: 10, objective: 1)
        // x + x + 0 x <= 6 is 2x <= 6: x = 3.
        try program.addConstraint("twice", [(x, 1), (x, 1), (x, 0)], upper: 6)
        #expect(program.termCount == 1)
        #expect(abs(try solver.solve(program)[x] - 3) < 1e-9)
        var empty = LinearProgram()
        try empty.addConstraint("nothing", [], lower: -1, upper: 1)
        #expect(try solver.solve(empty).objectiveValue == 0)
    }
}
