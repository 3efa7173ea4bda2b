import Foundation
import GreenParkCore
@testable import GreenParkFormats
import Testing

@Suite("Verifying an exported ledger file in chunks")
struct LedgerFileTests {
    let key = OperatorKey()

    /// 300 issuances in blocks of 64 (5 seals): 305 lines of about 190 bytes.
    func lines() throws -> [String] {
        let events = (0..<300).map { i in
            LedgerEvent(kind: .issuance, data: ["device": .string("pv-\(i % 7)"), "first_id": .integer(Int64(i) * 10),
                                                "note": .string(String(repeating: "x", count: i % 50))])
        }
        var head = LedgerAppender.Head.empty
        let entries = try LedgerAppender(key: key, blockLimit: 64)
            .append(events, at: Timestamp(seconds: 1_700_000_000), after: &head)
        return entries.map(\.line)
    }

    func verify(_ text: String, chunkSize: Int) throws -> (Int, Int) {
        let path = NSTemporaryDirectory() + "greenpark-ledger-\(UUID().uuidString).jsonl"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var verifier = LedgerVerifier(publicKey: OperatorPublicKey(hex: key.publicKeyHex))
        try LedgerFile.verify(path: path, with: &verifier, chunkSize: chunkSize)
        try verifier.finish()
        return (verifier.entries, verifier.blocks)
    }

    @Test("chunks smaller than a line, blank lines and a missing last line end: every entry checked once")
    func chunks() throws {
        let lines = try lines()
        for chunkSize in [64, 1000, 4096, 1 << 20] {
            #expect(try verify(lines.joined(separator: "\n") + "\n", chunkSize: chunkSize) == (305, 5))
            #expect(try verify(lines.joined(separator: "\n"), chunkSize: chunkSize) == (305, 5))
            #expect(try verify("\n" + lines.joined(separator: "\n\n") + "\n\n", chunkSize: chunkSize) == (305, 5))
            // Line ends CR LF (a file passed through Windows), as docs/verify_ledger.py accepts them.
            #expect(try verify(lines.joined(separator: "\r\n") + "\r\n", chunkSize: chunkSize) == (305, 5))
        }
    }

    @Test("a problem is reported at its line number, whatever the chunks")
    func lineNumbers() throws {
        var lines = try lines()
        // Entry 250, line 251: its members reordered.
        lines[250] = lines[250].replacingOccurrences(of: #","kind":"issuance""#, with: "")
            .replacingOccurrences(of: #"{"data":"#, with: #"{"kind":"issuance","data":"#)
        for chunkSize in [64, 1000, 1 << 20] {
            do {
                _ = try verify(lines.joined(separator: "\n") + "\n", chunkSize: chunkSize)
                Issue.record("verified")
            } catch let error as LedgerBroken {
                #expect(error.sequence == 250)
                #expect(error.reason.contains(".jsonl:251: not canonical JSON"), "\(error.reason)")
            }
        }
    }
}
