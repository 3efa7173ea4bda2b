import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of an exported ledger, checked to be canonical and hashed without building an
/// entry: the fast path of verifying a file.
///
/// A line is `{"data":{...},"hash":"<hex>","kind":"...","prev":"<hex>","seq":N,"time":"..."}`
/// (keys sorted, so `hash` comes second). Once ``CanonicalScanner`` has proven the line is
/// exactly what ``LedgerEntry/line`` writes, the canonical body the hash covers is the line
/// with its `"hash":"<hex>",` member cut out, so the line's own bytes are hashed as they are.
/// A line the scanner cannot prove canonical is not read here (`nil`): the verifier then
/// parses it, which decides whether it is an entry, canonical or not.
struct LedgerLine {
    let sequence: Int64
    let kind: LedgerEntry.Kind
    /// The `prev` member as written; `nil` when it is not 64 bytes long.
    let previous: HexDigest?
    /// The `hash` member as written; `nil` when it is not 64 bytes long.
    let hash: HexDigest?
    /// Whether `hash` is the SHA-256 of the line without its `hash` member.
    let hashValid: Bool
    /// Where the `data` object is in the line (a seal's fields are read from it).
    let data: Range<Int>

    /// Reads `line` (without its line end); `nil` unless it is provably canonical.
    /// `lastTime` holds the last time text found canonical, to check each distinct time once.
    init?(_ line: UnsafeBufferPointer<UInt8>, lastTime: inout [UInt8]) {
        var scanner = CanonicalScanner(line)
        guard scanner.expect(#"{"data":"#) else { return nil }
        let dataStart = scanner.index
        guard scanner.object(depth: 2) else { return nil }
        data = dataStart..<scanner.index
        let hashMember = scanner.index + 1
        guard scanner.expect(#","hash":"#), let hash = scanner.string(), scanner.expect(",") else { return nil }
        let kindMember = scanner.index
        guard scanner.expect(#""kind":"#), let kindText = scanner.string(), !kindText.escaped,
              let kind = Self.kind(UnsafeBufferPointer(rebasing: line[kindText.content])),
              scanner.expect(#","prev":"#), let previous = scanner.string(),
              scanner.expect(#","seq":"#), let sequence = scanner.integer(),
              scanner.expect(#","time":"#), let time = scanner.string(), !time.escaped,
              scanner.expect("}"), scanner.atEnd,
              Self.isCanonicalTime(UnsafeBufferPointer(rebasing: line[time.content]), lastTime: &lastTime) else {
            return nil
        }
        self.sequence = sequence
        self.kind = kind
        self.previous = HexDigest(UnsafeBufferPointer(rebasing: line[previous.content]))
        self.hash = HexDigest(UnsafeBufferPointer(rebasing: line[hash.content]))
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[0..<hashMember])))
        hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[kindMember...])))
        hashValid = self.hash == HexDigest(hasher.finalize())
    }

    private static let kinds = LedgerEntry.Kind.allCases.map { ($0, Array($0.rawValue.utf8)) }

    private static func kind(_ text: UnsafeBufferPointer<UInt8>) -> LedgerEntry.Kind? {
        kinds.first { $0.1.count == text.count && memcmp($0.1, text.baseAddress!, text.count) == 0 }?.0
    }

    /// Whether the time text is what ``Timestamp/iso8601`` writes for the time it names.
    private static func isCanonicalTime(_ text: UnsafeBufferPointer<UInt8>, lastTime: inout [UInt8]) -> Bool {
        if lastTime.count == text.count, memcmp(lastTime, text.baseAddress!, text.count) == 0 { return true }
        guard text.count == 20, case .success(let time) = Timestamp.parseISO8601(text),
              time.iso8601.utf8.elementsEqual(text) else { return false }
        lastTime = Array(text)
        return true
    }
}
