import Crypto
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LedgerVerifier {
    /// Checks the lines of an exported ledger (JSON Lines, one canonical entry per line,
    /// docs/ledger.md): `text` holds whole lines, each ended by a line feed (the last one may
    /// lack it); blank lines are skipped. Same result as ``check(_:)`` on every entry in turn,
    /// and a line must be exactly the entry's canonical JSON.
    ///
    /// Fast path: on both cores, each line is proven canonical by a byte scan and its own
    /// bytes, without the `hash` member, are hashed (``LedgerLine``); a seal's signature is
    /// checked against the key it names. Then the chain is followed in order. A line the scan
    /// cannot prove canonical is parsed: "not a ledger entry" when it is not one,
    /// "not canonical JSON" when re-encoding it does not give its bytes back, and otherwise
    /// it is checked as a parsed entry.
    ///
    /// - Parameters:
    ///   - source: names the file in messages (`<source>:<line number>: ...`).
    ///   - linesBefore: lines of the file before `text`, for line numbers.
    /// - Returns: the number of lines in `text`, blank ones included.
    public mutating func check(lines text: UnsafeBufferPointer<UInt8>, source: String, linesBefore: Int) throws -> Int {
        let parts = Self.partition(text)
        var read = [[ReadLine]](repeating: [], count: parts.count)
        read.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer, input = text
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                out[part] = Self.read(input, parts[part])
            }
        }
        var lineNumber = linesBefore
        for part in read {
            for line in part {
                lineNumber += 1
                if line.range.isEmpty { continue }
                if let scanned = line.scanned {
                    try check(sequence: scanned.sequence, kind: scanned.kind, previous: scanned.previous,
                              hash: scanned.hash, hashValid: scanned.hashValid, leafHash: line.leafHash,
                              sealData: { line.sealData ?? [:] },
                              signatureValid: line.signatureValid)
                } else {
                    try checkParsed(UnsafeBufferPointer(rebasing: text[line.range]), at: "\(source):\(lineNumber)")
                }
            }
        }
        return lineNumber - linesBefore
    }

    /// One line as the fast path read it (`scanned` nil: not proven canonical).
    private struct ReadLine {
        var range: Range<Int>
        var scanned: LedgerLine?
        var sealData: [String: CanonicalJSON]?
        var signatureValid: Bool?
        /// The Merkle leaf hash of the entry's hash, computed on the line's core.
        var leafHash: SHA256.Digest?
    }

    /// Splits `text` at line ends into parts of about 512 KiB, at most 16.
    private static func partition(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let count = min(16, max(1, text.count >> 19))
        var bounds = [0]
        for part in 1..<max(1, count) {
            var end = max(text.count * part / count, bounds.last!)
            if end < text.count, let newline = memchr(text.baseAddress! + end, 10, text.count - end) {
                end = text.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                end = text.count
            }
            bounds.append(end)
        }
        bounds.append(text.count)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    /// Reads the lines of one part.
    private static func read(_ text: UnsafeBufferPointer<UInt8>, _ part: Range<Int>) -> [ReadLine] {
        var lines: [ReadLine] = []
        lines.reserveCapacity(part.count / 256 + 1)
        var lastTime: [UInt8] = []
        var start = part.lowerBound
        while start < part.upperBound {
            var end = part.upperBound
            if let newline = memchr(text.baseAddress! + start, 10, part.upperBound - start) {
                end = text.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            // A line may end in CR LF (a file passed through Windows): the CR is no part of it.
            let content = end > start && text[end - 1] == 13 ? end - 1 : end
            let bytes = UnsafeBufferPointer(rebasing: text[start..<content])
            var line = ReadLine(range: start..<content)
            if !bytes.isEmpty, let scanned = LedgerLine(bytes, lastTime: &lastTime) {
                line.scanned = scanned
                if scanned.kind == .seal {
                    (line.sealData, line.signatureValid) = checkSignature(bytes, scanned)
                } else if scanned.hashValid, let hash = scanned.hash {
                    line.leafHash = hash.merkleLeaf
                }
            }
            lines.append(line)
            start = end + 1
        }
        return lines
    }

    /// A seal's data, and whether its signature is valid for the key the seal names (`nil`
    /// when it names no valid key: checking it in order then reports why).
    private static func checkSignature(_ bytes: UnsafeBufferPointer<UInt8>, _ seal: LedgerLine)
        -> ([String: CanonicalJSON]?, Bool?) {
        guard case .object(let data) = CanonicalJSON.parse(bytes[seal.data]) else { return (nil, nil) }
        guard let seal = LedgerSeal(data: data), let key = OperatorPublicKey(hex: seal.key) else {
            return (data, nil)
        }
        return (data, seal.isSigned(by: key))
    }

    /// A line the fast path could not prove canonical: parsed, refused unless re-encoding
    /// gives its very bytes, then checked as an entry.
    private mutating func checkParsed(_ bytes: UnsafeBufferPointer<UInt8>, at location: String) throws {
        guard let entry = LedgerEntry(line: String(decoding: bytes, as: UTF8.self)) else {
            throw LedgerBroken(sequence: -1, reason: "\(location): not a ledger entry (docs/ledger.md: one JSON object "
                + "per line with data, hash, kind, prev, seq and time; no whitespace, no floating point)")
        }
        let canonical = Array(entry.line.utf8)
        let common = min(canonical.count, bytes.count)
        if let offset = (0..<common).first(where: { canonical[$0] != bytes[$0] })
            ?? (canonical.count == bytes.count ? nil : common) {
            func excerpt(_ text: some Collection<UInt8>) -> String {
                let part = text.dropFirst(offset).prefix(24)
                return String(decoding: part, as: UTF8.self) + (part.count < text.count - offset ? "..." : "")
            }
            throw LedgerBroken(sequence: entry.sequence, reason: "\(location): not canonical JSON (docs/ledger.md: "
                + "keys sorted, no whitespace, strings escaped as Python's json.dumps does): at byte \(offset + 1) "
                + "it has '\(excerpt(bytes))' where the canonical form has '\(excerpt(canonical))'")
        }
        try check(entry)
    }
}
