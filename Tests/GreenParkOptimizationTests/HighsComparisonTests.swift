import GreenParkOptimization
import Testing

/// Clp and Cbc against HiGHS (scipy's `linprog(method="highs")` and `milp`) on seeded
/// schedule-shaped programs: the same optimal objective to 1e-6 relative. Skipped with a
/// message where scipy is not installed; never on CI.
@Suite(.enabled(if: HighsPeer.enabled)) struct HighsComparisonTests {
    static let cases: UInt64 = 100

    /// `|a - b| / max(1, |a|, |b|)`.
    static func relativeDifference(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(a), abs(b)) }

    @Test("100 LPs and 100 MILPs (21 to 199 variables, equality and inequality rows): HiGHS agrees to 1e-6")
    func agreesWithHighs() throws {
        let models = (1...Self.cases).flatMap { seed in
            [ScheduleModel(seed: seed, binaries: false), ScheduleModel(seed: 10_000 + seed, binaries: true)]
        }
        let ours = try models.map { try LinearProgramSolver().solve(try $0.program()) }
        let theirs = try HighsPeer.solve(models)
        try #require(theirs.count == models.count)
        var worst = 0.0, relaxationBelow = 0
        for (k, model) in models.enumerated() {
            #expect(theirs[k].seed == model.seed && theirs[k].status == 0, "\(theirs[k])")
            guard let objective = theirs[k].objective else { continue }
            let difference = Self.relativeDifference(ours[k].objectiveValue, objective)
            worst = max(worst, difference)
            #expect(difference <= 1e-6, "seed \(model.seed): Clp/Cbc \(ours[k].objectiveValue), HiGHS \(objective)")
            #expect(ours[k].status == .optimal)
            if model.variables.contains(where: \.integer) {
                // The MILP's relaxation is at most its optimum; count where it is strictly below.
                var relaxed = model
                for j in relaxed.variables.indices { relaxed.variables[j].integer = false }
                let bound = try LinearProgramSolver().solve(try relaxed.program()).objectiveValue
                #expect(bound <= ours[k].objectiveValue + 1e-6 * max(1, abs(bound)))
                if bound < ours[k].objectiveValue - 1e-6 * max(1, abs(bound)) { relaxationBelow += 1 }
            }
        }
        let sizes = models.map(\.variables.count)
        print("HiGHS check: \(models.count) programs (\(sizes.min()!) to \(sizes.max()!) variables), largest relative "
            + "difference \(worst), \(relaxationBelow) MILPs whose LP relaxation is strictly lower")
        // Some MILPs must make the binaries bite, or the MILP half would check nothing new.
        #expect(relaxationBelow > 0)
    }
}
