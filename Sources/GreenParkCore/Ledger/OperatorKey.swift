import Crypto
import Foundation

/// The park operator's Ed25519 key pair. Its private half signs the head hash of every
/// ledger block; anyone with the public half can verify the whole chain.
public struct OperatorKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    /// A key from its 32 raw bytes.
    public init(rawRepresentation: some ContiguousBytes) throws {
        privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    /// The public key as 64 hex digits.
    public var publicKeyHex: String { Hex.string(privateKey.publicKey.rawRepresentation) }

    /// Signs the 32 bytes of a hex SHA-256 hash; returns the signature in hex.
    public func sign(hashHex: String) throws -> String {
        Hex.string(try privateKey.signature(for: Data(Hex.bytes(hashHex) ?? [])))
    }

    /// Signs `message` as it is (a seal with a Merkle root: the 64 bytes `head || root`).
    public func sign(message: [UInt8]) throws -> String {
        Hex.string(try privateKey.signature(for: Data(message)))
    }
}

/// A public key read from a key file or a ledger, to verify signatures.
public struct OperatorPublicKey: Sendable, Equatable {
    public let raw: [UInt8]

    /// From 64 hex digits; `nil` when it is not a valid Ed25519 public key.
    public init?(hex: String) {
        guard let bytes = Hex.bytes(hex), bytes.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else { return nil }
        raw = bytes
    }

    public var hex: String { Hex.string(raw) }

    /// Whether `signatureHex` is this key's signature over the 32 bytes of `hashHex`.
    public func isValid(signatureHex: String, forHash hashHex: String) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Hex.bytes(signatureHex), let message = Hex.bytes(hashHex) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// Whether `signatureHex` is this key's signature over `message` (raw bytes).
    public func isValid(signatureHex: String, forMessage message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Hex.bytes(signatureHex) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Lower-case hex encoding and decoding.
public enum Hex {
    /// Lower-case hex of bytes.
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        let bytes = Array(bytes)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = CanonicalJSON.hexDigits[Int(byte >> 4)]
                out[2 * i + 1] = CanonicalJSON.hexDigits[Int(byte & 15)]
            }
            return bytes.count * 2
        }
    }

    public static func bytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
