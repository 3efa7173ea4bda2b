import Foundation

/// Bytes sent over the server, written to a temporary file for a reader that reads files
/// (the readings importer, the CBAM production reader) and removed afterwards.
enum SpoolFile {
    /// Runs `body` with the path of a temporary file holding `bytes`; a file that cannot be
    /// written is a failure with `code` (not bad input).
    static func with<T>(_ bytes: [UInt8], prefix: String, code: String, _ body: (String) throws -> T) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).csv")
        guard FileManager.default.createFile(atPath: file.path, contents: Data(bytes)) else {
            throw ServiceError(code, "cannot write the request's rows to \(file.path)", badInput: false)
        }
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(file.path)
    }
}
