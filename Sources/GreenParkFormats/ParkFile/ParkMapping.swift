import Yams

/// One mapping of the park file being read.
///
/// Creating it checks the keys against the schema: a duplicate key and an unknown key
/// (with a "did you mean" suggestion) are reported, and only known keys stay readable.
struct ParkMapping {
    /// Path of the mapping itself, e.g. `members[1]`.
    let path: FieldPath
    /// Where the mapping starts (its first key).
    let location: TextPosition
    private let diagnostics: ParkFileDiagnostics
    private var entries: [String: (keyLocation: TextPosition, value: Node)] = [:]

    /// Reads `node` as a mapping with the given known keys; reports a
    /// ``ParkFileIssueCode/wrongType`` and returns `nil` when it is not a mapping.
    ///
    /// - Parameter expected: what the field holds, for the type error, e.g. `a mapping
    ///   of park settings`.
    /// `allowAnyKey`: a mapping whose keys are data (e.g. tariff period names), not schema.
    init?(_ node: Node, at path: FieldPath, expected: String, keys: [String], diagnostics: ParkFileDiagnostics, allowAnyKey: Bool = false) {
        guard case let .mapping(mapping) = node else {
            diagnostics.error(.wrongType, at: node.location, path, "expected \(expected), found \(node.kindDescription)")
            return nil
        }
        self.path = path
        self.location = node.location
        self.diagnostics = diagnostics
        var firstLines: [String: Int] = [:]
        for (keyNode, value) in mapping {
            let keyLocation = keyNode.location
            if diagnostics.takeRenamedDuplicate(at: keyLocation, in: path) { continue }
            guard case let .scalar(scalar) = keyNode, !keyNode.isNull else {
                diagnostics.error(.wrongType, at: keyLocation, path,
                                  "a key must be a plain name, found \(keyNode.kindDescription) as a key")
                continue
            }
            let name = scalar.string
            if let firstLine = firstLines[name] {
                diagnostics.reportDuplicateKey(name, at: keyLocation, in: path, firstLine: firstLine)
                continue
            }
            firstLines[name] = keyLocation.line
            guard allowAnyKey || keys.contains(name) else {
                if name == "<<" {
                    diagnostics.error(.unknownKey, at: keyLocation, path.key(name),
                                      "YAML merge keys (<<) are not supported; write the fields out")
                    continue
                }
                let hint = NameSuggestion.closest(to: name, among: keys)
                    .map { "did you mean \"\($0)\"?" } ?? "known keys: \(keys.joined(separator: ", "))"
                diagnostics.error(.unknownKey, at: keyLocation, path.key(name), "unknown key \"\(name)\"; \(hint)")
                continue
            }
            entries[name] = (keyLocation, value)
        }
    }

    /// The keys written, sorted.
    var keys: [String] { entries.keys.sorted() }

    /// `true` when the key is written, even with no value.
    func contains(_ key: String) -> Bool { entries[key] != nil }

    /// Where the key is written, or where the mapping starts when it is absent.
    func keyLocation(_ key: String) -> TextPosition { entries[key]?.keyLocation ?? location }

    /// The value of an optional field; `nil` when absent or null (the default applies).
    func optional(_ key: String) -> Node? {
        guard let value = entries[key]?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of a required field; reports ``ParkFileIssueCode/missingField`` and
    /// returns `nil` when it is absent or has no value.
    func required(_ key: String, hint: String = "") -> Node? {
        guard let entry = entries[key] else {
            diagnostics.error(.missingField, at: location, path.key(key), "required field is missing\(hint)")
            return nil
        }
        guard !entry.value.isNull else {
            diagnostics.error(.missingField, at: entry.keyLocation, path.key(key), "required field has no value\(hint)")
            return nil
        }
        return entry.value
    }
}
