import Yams

extension ParkFileDecoder {
    /// The items of a list field with their paths; reports a
    /// ``ParkFileIssueCode/wrongType`` and returns `nil` when the value is not a list.
    func items(_ node: Node, _ path: FieldPath, expected: String) -> [(node: Node, path: FieldPath)]? {
        guard case let .sequence(sequence) = node else {
            diagnostics.error(.wrongType, at: node.location, path, "expected \(expected), found \(node.kindDescription)")
            return nil
        }
        return sequence.enumerated().map { ($0.element, path.index($0.offset)) }
    }
}
