import Yams

extension Node {
    /// Where the node starts in the park file.
    var location: TextPosition { TextPosition(mark) }

    /// `true` for a YAML null: an empty value, `~` or `null` (plain), or `!!null`.
    var isNull: Bool {
        guard case let .scalar(scalar) = self else { return false }
        if scalar.tag.rawValue == Tag.Name.null.rawValue { return true }
        guard scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What the node is, for messages such as `expected a list, found a mapping`.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if isNull { return "no value" }
            return "the value \(quotedForMessage(scalar.string))"
        }
    }
}

/// `"text"`, shortened to 40 characters, for quoting a value in a message.
func quotedForMessage(_ text: String) -> String {
    let shown = text.count > 40 ? text.prefix(39) + "…" : Substring(text)
    return "\"\(shown)\""
}
