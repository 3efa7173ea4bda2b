import Yams

/// Turns park-file text into a Yams node tree and every YAML-level problem into an
/// ``InputIssue`` with its line.
///
/// libyaml stops at the first duplicate key of a mapping. So that one duplicate does
/// not hide every other problem of the file, the composer renames the second
/// occurrence in its copy of the text (same length, so every other line and column
/// stays the same), remembers it in the diagnostics and composes again. The decoder
/// then reports the duplicate with its field path and skips it.
enum ParkYAMLComposer {
    /// What composing produced.
    enum Outcome {
        /// The root node of the single document.
        case document(Node)
        /// No document: the text is empty or only comments. Nothing was reported.
        case empty
        /// A syntax error, already reported.
        case failed
    }

    /// How many duplicate keys are renamed before giving up on recovery.
    static let maximumRenamedDuplicates = 100
    /// How much text recovery may compose in all (each attempt composes the whole file
    /// again): a large file full of duplicates gets fewer attempts, so recovery stays linear.
    static let recoveryBudgetBytes = 1 << 20

    static func compose(_ yaml: String, diagnostics: ParkFileDiagnostics) -> Outcome {
        var renamer = DuplicateKeyRenamer(yaml)
        var text = yaml
        let attempts = min(maximumRenamedDuplicates, max(1, recoveryBudgetBytes / max(1, yaml.utf8.count)))
        for attempt in 0...attempts {
            do {
                guard let root = try Yams.compose(yaml: text) else { return .empty }
                return .document(root)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let first = context.mark
                guard attempt < attempts, let name = duplicates.first,
                      let location = renamer.renameDuplicate(of: name, firstAt: first, index: attempt)
                else {
                    diagnostics.error(.duplicateKey, at: TextPosition(first),
                                      reason: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in the mapping that starts here; each key may appear once per mapping")
                    return .failed
                }
                diagnostics.noteRenamedDuplicate(at: location, name: name, firstLine: first.line)
                text = renamer.text
            } catch let error as YamlError {
                let (location, reason) = describe(error, in: text)
                diagnostics.error(.syntax, at: location, reason: reason)
                return .failed
            } catch {
                diagnostics.error(.syntax, at: .wholeFile, reason: "YAML syntax error: \(error)")
                return .failed
            }
        }
        return .failed
    }

    /// Place and message of a libyaml error.
    static func describe(_ error: YamlError, in text: String) -> (TextPosition, String) {
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var reason = "YAML syntax error: \(problem)"
            if let context {
                reason += " (\(context.text) on line \(context.mark.line))"
            }
            if scalar(at: mark, in: text) == "\t" {
                reason += "; indent with spaces, YAML does not allow tabs for indentation"
            }
            return (TextPosition(mark), reason)
        case let .reader(problem, offset, _, _):
            let location = offset.map { lineAndColumn(ofCharacterOffset: $0, in: text) } ?? .wholeFile
            return (location, "the file cannot be read as YAML text: \(problem)")
        default:
            return (.wholeFile, "YAML syntax error: \(error)")
        }
    }

    /// The Unicode scalar at a libyaml mark (columns count scalars), if any.
    static func scalar(at mark: Mark, in text: String) -> Unicode.Scalar? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if line == mark.line, column == mark.column { return scalar }
            if scalar == "\n" {
                if line == mark.line { return nil }
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    /// The 1-based line and column of the character at `offset`.
    static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> TextPosition {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return TextPosition(line: line, column: column)
    }
}
