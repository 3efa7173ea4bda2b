import Foundation
import GreenParkCore

/// Reads and validates park files (`park.yaml`, schema version 1).
///
/// The reader walks the YAML node tree itself, so that every problem names the field
/// path and the line and column, and it goes on after a problem: a rejection lists all
/// problems of the file at once. Decimals (shares, weights, capacities) are read
/// exactly from the text as written, never through binary floating point.
///
/// ```swift
/// let result = try ParkFile.load(path: "park.yaml")
/// for warning in result.warnings { print(warning) }
/// let park = result.park
/// ```
///
/// The file format is documented field by field in `docs/park-file.md`.
public enum ParkFile {
    /// The code of the ``InputRejected`` thrown for an invalid park file.
    public static let rejectedCode = "park.invalid"

    /// The schema version this reader understands.
    public static let supportedVersion = ParkSchema.version

    /// The largest park file read: 2 MiB, room for over ten thousand members. Composing
    /// YAML costs about a microsecond per byte, so a larger file is refused, not parsed.
    public static let maximumBytes = 2 << 20

    /// Reads and validates the park file at `path`.
    ///
    /// - Returns: the park and the warnings (non-fatal findings).
    /// - Throws: ``InputRejected`` with code ``rejectedCode`` listing every problem
    ///   found, each an ``InputIssue`` with file, line, column, a stable code from
    ///   ``ParkFileIssueCode`` and a reason that starts with the field path.
    public static func load(path: String) throws -> ParkFileResult {
        guard FileManager.default.fileExists(atPath: path) else {
            throw rejection(path, reason: "cannot read the park file: no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw rejection(path, reason: "cannot read the park file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw rejection(path, line: firstInvalidUTF8Line(data),
                            reason: "the park file is not UTF-8 text; save it as UTF-8")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(yaml: text, fileName: path, readFile: { try Self.read($0, relativeTo: directory) })
    }

    /// A file the park file names, relative to the park file's directory (or absolute).
    static func read(_ name: String, relativeTo directory: URL) throws -> String {
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Reads and validates park-file text.
    ///
    /// - Parameters:
    ///   - yaml: the content of the park file.
    ///   - fileName: the name every ``InputIssue`` carries, usually the path.
    /// - Throws: ``InputRejected`` as ``load(path:)`` does.
    public static func parse(yaml: String, fileName: String) throws -> ParkFileResult {
        let directory = URL(fileURLWithPath: fileName).deletingLastPathComponent()
        return try parse(yaml: yaml, fileName: fileName, readFile: { try read($0, relativeTo: directory) })
    }

    /// Reads and validates park-file text; the files it names (a policy profile file)
    /// are read with `readFile`, given the path as written (an evidence pack reads
    /// them from the pack).
    public static func parse(yaml: String, fileName: String,
                             readFile: @escaping (String) throws -> String) throws -> ParkFileResult {
        let diagnostics = ParkFileDiagnostics(fileName: fileName)
        guard yaml.utf8.count <= maximumBytes else {
            diagnostics.error(.tooLarge, at: .wholeFile,
                              reason: "the park file has \(yaml.utf8.count) bytes, more than \(maximumBytes) (2 MiB); "
                                  + "a park file describes a park, not its data")
            throw InputRejected(file: fileName, issues: diagnostics.sortedErrors(), code: rejectedCode)
        }
        let read = read(yaml, diagnostics, readFile)
        diagnostics.reportUnvisitedDuplicates()
        if let (park, polling) = read, !diagnostics.hasErrors {
            return ParkFileResult(park: park, warnings: diagnostics.sortedWarnings(), polling: polling)
        }
        if !diagnostics.hasErrors {
            // Every path that yields no park reports why; this is a safety net.
            diagnostics.error(.missingField, at: .wholeFile, reason: "the park file is incomplete")
        }
        throw InputRejected(file: fileName, issues: diagnostics.sortedErrors(), code: rejectedCode)
    }

    private static func read(_ yaml: String, _ diagnostics: ParkFileDiagnostics,
                             _ readFile: @escaping (String) throws -> String) -> (Park, ParkPolling)? {
        switch ParkYAMLComposer.compose(yaml, diagnostics: diagnostics) {
        case .failed:
            return nil
        case .empty:
            diagnostics.error(.empty, at: .wholeFile,
                              reason: "the park file is empty; it must be a YAML mapping that starts with \"version: 1\"")
            return nil
        case let .document(root):
            let decoder = ParkFileDecoder(diagnostics: diagnostics, readFile: readFile)
            guard let draft = decoder.decode(root) else { return nil }
            ParkFileValidator(diagnostics: diagnostics).validate(draft)
            let polling = ParkPolling(settings: draft.pollSettings, meters: draft.meterSpecs.compactMap(\.poll))
            return draft.park().map { ($0, polling) }
        }
    }

    private static func rejection(_ path: String, line: Int = 0, reason: String) -> InputRejected {
        let issue = InputIssue(file: path, line: line, code: ParkFileIssueCode.unreadable.rawValue, reason: reason)
        return InputRejected(file: path, issues: [issue], code: rejectedCode)
    }

    /// The 1-based line of the first byte sequence that is not UTF-8.
    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                return 0
            case .error:
                return line
            }
        }
    }
}
