import GreenParkCore

/// Collects the errors and warnings of one park-file read, so that the reader can go
/// on after a problem and report all of them at once.
///
/// One instance lives for one call of ``ParkFile/parse(yaml:fileName:)``; it is not
/// shared between threads.
final class ParkFileDiagnostics {
    /// The file name every issue carries.
    let fileName: String
    private(set) var errors: [InputIssue] = []
    private(set) var warnings: [InputIssue] = []

    /// Keys the composer renamed to get past a duplicate key, by their place, with the
    /// original name and the line of the first occurrence. The decoder reports them
    /// with their field path when it meets them; ``reportUnvisitedDuplicates()`` the rest.
    private var renamedDuplicates: [TextPosition: (name: String, firstLine: Int)] = [:]

    init(fileName: String) { self.fileName = fileName }

    var hasErrors: Bool { !errors.isEmpty }

    /// Records an error whose reason starts with `path`.
    func error(_ code: ParkFileIssueCode, at location: TextPosition, _ path: FieldPath, _ message: String) {
        error(code, at: location, reason: "\(path): \(message)")
    }

    /// Records an error about the file as a whole or its syntax (no field path).
    func error(_ code: ParkFileIssueCode, at location: TextPosition, reason: String) {
        errors.append(issue(code, location, reason))
    }

    /// Records a warning whose reason starts with `path`.
    func warning(_ code: ParkFileIssueCode, at location: TextPosition, _ path: FieldPath, _ message: String) {
        warnings.append(issue(code, location, "\(path): \(message)"))
    }

    private func issue(_ code: ParkFileIssueCode, _ location: TextPosition, _ reason: String) -> InputIssue {
        InputIssue(file: fileName, line: location.line, column: location.column, code: code.rawValue, reason: reason)
    }

    // MARK: Duplicate keys

    /// Remembers a duplicate key the composer renamed at `location`.
    func noteRenamedDuplicate(at location: TextPosition, name: String, firstLine: Int) {
        renamedDuplicates[location] = (name, firstLine)
    }

    /// If the key at `location` is a renamed duplicate, reports it under `parent` and
    /// returns `true`: the caller then skips the key and its value.
    func takeRenamedDuplicate(at location: TextPosition, in parent: FieldPath) -> Bool {
        guard let duplicate = renamedDuplicates.removeValue(forKey: location) else { return false }
        reportDuplicateKey(duplicate.name, at: location, in: parent, firstLine: duplicate.firstLine)
        return true
    }

    /// Reports a key written twice in one mapping.
    func reportDuplicateKey(_ name: String, at location: TextPosition, in parent: FieldPath, firstLine: Int) {
        error(.duplicateKey, at: location, parent.key(name),
              "duplicate key \"\(name)\" (first given on line \(firstLine)); each key may appear once per mapping")
    }

    /// Reports the renamed duplicates the decoder never reached (inside unknown keys or
    /// values of the wrong type), without a field path.
    func reportUnvisitedDuplicates() {
        for (location, duplicate) in renamedDuplicates.sorted(by: { $0.key < $1.key }) {
            error(.duplicateKey, at: location,
                  reason: "duplicate key \"\(duplicate.name)\" (first given on line \(duplicate.firstLine)); each key may appear once per mapping")
        }
        renamedDuplicates.removeAll()
    }

    /// Errors and warnings in file order (stable for problems at the same place).
    func sortedErrors() -> [InputIssue] { Self.sortedByPlace(errors) }
    func sortedWarnings() -> [InputIssue] { Self.sortedByPlace(warnings) }

    private static func sortedByPlace(_ issues: [InputIssue]) -> [InputIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line, lhs.element.column ?? 0, lhs.offset)
            let right = (rhs.element.line, rhs.element.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }
}
