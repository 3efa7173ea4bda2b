import Foundation
import GreenParkCore

/// An exported ledger: JSON Lines, one canonical entry per line.
public enum LedgerFile {
    /// Calls `body` with every entry of the file in order.
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
