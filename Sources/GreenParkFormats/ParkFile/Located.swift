/// A value read from the park file together with where it was written, so that checks
/// across fields (duplicates, sums) can still point at the line.
struct Located<Value> {
    var value: Value
    var path: FieldPath
    var location: TextPosition
}

extension Located: Sendable where Value: Sendable {}
