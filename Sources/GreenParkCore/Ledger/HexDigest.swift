import Crypto

/// A SHA-256 hash as its 64 lower-case hex digits, held inline (eight 8-byte words) so that
/// following the chain of a large ledger compares hashes without making a string per entry.
struct HexDigest: Equatable, Sendable {
    private typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var words: Words = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The hash of the (virtual) entry before the first: 64 zeros.
    static let genesis = HexDigest(LedgerEntry.genesis)!

    /// The 64 bytes as they are; `nil` for any other length (such text is no hash, so it
    /// equals no hash either).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: 64)) }
    }

    /// The text's UTF-8 bytes; `nil` unless it has 64 of them.
    init?(_ text: String) {
        var text = text
        guard let digest = text.withUTF8({ HexDigest($0) }) else { return nil }
        self = digest
    }

    /// The lower-case hex of a SHA-256 digest.
    init(_ digest: SHA256.Digest) {
        withUnsafeMutableBytes(of: &words) { out in
            digest.withUnsafeBytes { raw in
                for index in 0..<32 {
                    let high = raw[index] >> 4, low = raw[index] & 15
                    out[2 * index] = high < 10 ? 48 + high : 87 + high
                    out[2 * index + 1] = low < 10 ? 48 + low : 87 + low
                }
            }
        }
    }

    /// The 32 bytes the hex digits stand for (zeros where a digit is not hex: such a hash
    /// matches no content, so its entry fails before its bytes matter).
    var bytes: [UInt8] {
        withUnsafeBytes(of: words) { hex in
            (0..<32).map { k in (Hex.value(hex[2 * k]) ?? 0) << 4 | (Hex.value(hex[2 * k + 1]) ?? 0) }
        }
    }

    /// The Merkle leaf hash `SHA-256(0x00 || bytes)` (``MerkleTree``), without allocating.
    var merkleLeaf: SHA256.Digest {
        withUnsafeTemporaryAllocation(byteCount: 33, alignment: 8) { buffer in
            buffer[0] = 0
            withUnsafeBytes(of: words) { hex in
                for k in 0..<32 { buffer[k + 1] = (Hex.value(hex[2 * k]) ?? 0) << 4 | (Hex.value(hex[2 * k + 1]) ?? 0) }
            }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return hasher.finalize()
        }
    }

    static func == (a: HexDigest, b: HexDigest) -> Bool {
        let (a, b) = (a.words, b.words)
        let low = (a.0 ^ b.0) | (a.1 ^ b.1) | (a.2 ^ b.2) | (a.3 ^ b.3)
        return low | (a.4 ^ b.4) | (a.5 ^ b.5) | (a.6 ^ b.6) | (a.7 ^ b.7) == 0
    }
}
