/// The path of a field in the park file as messages print it: `park.timezone`,
/// `members[1].meters[0]`. Every ``InputIssue`` reason starts with one.
struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    private var text: String

    /// The document itself.
    static let root = FieldPath(text: "")

    private init(text: String) { self.text = text }

    /// The path of a key of the mapping at this path.
    func key(_ name: String) -> FieldPath {
        FieldPath(text: text.isEmpty ? name : text + "." + name)
    }

    /// The path of an item of the list at this path (0-based, as in the messages).
    func index(_ position: Int) -> FieldPath {
        FieldPath(text: text + "[\(position)]")
    }

    var isRoot: Bool { text.isEmpty }

    var description: String { text.isEmpty ? "(document)" : text }
}
