import Foundation
import GreenParkCore

/// An exported ledger: JSON Lines, one canonical entry per line.
public enum LedgerFile {
    /// Writes every stored entry as one canonical line, in 1 MiB writes; returns the count.
    @discardableResult
    public static func export(_ store: any LedgerStore, to handle: FileHandle) throws -> Int {
        var buffer = ""
        var count = 0
        try store.forEachLedgerEntry { entry in
            buffer += entry.line + "\n"
            count += 1
            if buffer.utf8.count > 1 << 20 { handle.write(Data(buffer.utf8)); buffer = "" }
        }
        handle.write(Data(buffer.utf8))
        return count
    }

    /// Checks every line of an exported ledger with `verifier` (call its `finish()` after):
    /// each line must be exactly an entry's canonical JSON (docs/ledger.md). Reads 8 MiB of
    /// whole lines at a time, so memory stays bounded, and hashes each on both cores
    /// (``LedgerVerifier/check(lines:source:linesBefore:)``).
    public static func verify(path: String, with verifier: inout LedgerVerifier) throws {
        try verify(path: path, with: &verifier, chunkSize: 8 << 20)
    }

    static func verify(path: String, with verifier: inout LedgerVerifier, chunkSize: Int) throws {
        let reader = try LineChunkReader(path: path, chunkSize: chunkSize)
        var lines = 0
        while let count = try reader.next({ try verifier.check(lines: $0, source: path, linesBefore: lines) }) {
            lines += count
        }
    }

    /// Calls `body` with every entry of the file in order (parsed: a line need not be in
    /// canonical form; ``verify(path:with:)`` checks that).
    public static func forEachEntry(path: String, _ body: (LedgerEntry) throws -> Void) throws {
        let reader = try LineChunkReader(path: path)
        var lineNumber = 0
        while try reader.next({ bytes -> Void in
            for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.isEmpty { continue }
                guard let entry = LedgerEntry(line: String(decoding: line, as: UTF8.self)) else {
                    throw LedgerBroken(sequence: -1, reason: "\(path):\(lineNumber): not a ledger entry")
                }
                try body(entry)
            }
        }) != nil {}
    }
}
