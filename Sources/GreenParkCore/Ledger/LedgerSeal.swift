/// The data of a `seal` entry, read (docs/ledger.md): the block's number, its first and last
/// entry, `head` (the hash of its last entry), the operator's public key and signature, and
/// `root`, the Merkle tree hash (``MerkleTree``) of the block's entry hashes `first...last`.
///
/// What is signed: for a seal with a `root`, the 64 raw bytes `head || root`; for a seal
/// without one (ledgers written before roots), the 32 bytes of `head`.
public struct LedgerSeal: Sendable, Equatable {
    public let block: Int64
    public let first: Int64
    public let last: Int64
    public let head: String
    public let key: String
    public let signature: String
    /// `nil` for a seal written before seals carried a root.
    public let root: String?

    /// Reads a seal's data; `nil` when a member is missing or of the wrong type.
    public init?(data: [String: CanonicalJSON]) {
        guard case .integer(let block) = data["block"], case .integer(let first) = data["first"],
            case .integer(let last) = data["last"], case .string(let head) = data["head"],
            case .string(let key) = data["key"], case .string(let signature) = data["signature"]
        else { return nil }
        switch data["root"] {
        case nil: root = nil
        case .string(let text)?: root = text
        default: return nil
        }
        (self.block, self.first, self.last, self.head, self.key, self.signature) = (
            block, first, last, head, key, signature
        )
    }

    /// The bytes the signature covers: `head`, then `root` when there is one; `nil` when
    /// either is not 64 hex digits.
    public var signedMessage: [UInt8]? {
        Self.message(head: head, root: root)
    }

    static func message(head: String, root: String?) -> [UInt8]? {
        guard let headBytes = Hex.bytes(head), headBytes.count == 32 else { return nil }
        guard let root else { return headBytes }
        guard let rootBytes = Hex.bytes(root), rootBytes.count == 32 else { return nil }
        return headBytes + rootBytes
    }

    /// Whether the signature is `key`'s over ``signedMessage``.
    public func isSigned(by key: OperatorPublicKey) -> Bool {
        guard let message = signedMessage else { return false }
        return key.isValid(signatureHex: signature, forMessage: message)
    }
}
