extension LinearProgram {
    /// The constraint matrix by columns, as Clp's and Cbc's `loadProblem` take it: column j's
    /// terms are `starts[j]..<starts[j + 1]` of `rows` and `values`, rows ascending.
    struct ColumnMatrix {
        var starts: [Int32]
        var rows: [Int32]
        var values: [Double]
    }

    /// The constraint matrix by columns (a counting sort of the rows' terms).
    func columnMatrix() -> ColumnMatrix {
        var counts = [Int32](repeating: 0, count: variableCount + 1)
        for column in rowColumns { counts[Int(column) + 1] += 1 }
        for j in 0..<variableCount { counts[j + 1] += counts[j] }
        let starts = counts
        var next = counts
        var rows = [Int32](repeating: 0, count: rowColumns.count)
        var values = [Double](repeating: 0, count: rowColumns.count)
        for i in 0..<constraintCount {
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let j = Int(rowColumns[k]), at = Int(next[j])
                rows[at] = Int32(i)
                values[at] = rowValues[k]
                next[j] += 1
            }
        }
        return ColumnMatrix(starts: starts, rows: rows, values: values)
    }

    /// The bounds as the COIN-OR libraries take them: infinity is their largest finite double.
    static func coin(_ bounds: [Double]) -> [Double] {
        bounds.map { $0 == .infinity ? .greatestFiniteMagnitude : $0 == -.infinity ? -.greatestFiniteMagnitude : $0 }
    }

    /// `sum a_ij x_j` of constraint `i` at `values`, and `sum |a_ij x_j|` (its scale).
    func activity(ofConstraint i: Int, at values: [Double]) -> (value: Double, scale: Double) {
        var value = 0.0, scale = 0.0
        for k in rowStarts[i]..<rowStarts[i + 1] {
            let term = rowValues[k] * values[Int(rowColumns[k])]
            value += term
            scale += abs(term)
        }
        return (value, scale)
    }

    /// The objective at `values`.
    func objectiveValue(at values: [Double]) -> Double {
        zip(objective, values).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
