import Foundation
import GreenParkCore

/// The operator's key files next to the park file: `<park>.operator.key` (the private key
/// as 64 hex digits, mode 0600) and `<park>.operator.pub` (the public key, for verifiers).
public enum OperatorKeyFile {
    public static func privatePath(forPark park: String) -> String {
        URL(fileURLWithPath: park).deletingPathExtension().path + ".operator.key"
    }

    public static func publicPath(forPark park: String) -> String {
        URL(fileURLWithPath: park).deletingPathExtension().path + ".operator.pub"
    }

    /// The public key file beside a private key file (`x.operator.key` -> `x.operator.pub`).
    public static func publicPath(forKey path: String) -> String {
        path.hasSuffix(".key") ? String(path.dropLast(4)) + ".pub" : path + ".pub"
    }

    /// Creates a new key pair next to the park file.
    @discardableResult
    public static func create(forPark park: String) throws -> OperatorKey {
        try create(path: privatePath(forPark: park))
    }

    /// Reads the private key next to the park file.
    public static func load(forPark park: String) throws -> OperatorKey {
        try load(path: privatePath(forPark: park), park: park)
    }

    /// Creates a new key pair at `path` (and its public key beside it); refuses to
    /// overwrite an existing private key.
    @discardableResult
    public static func create(path: String) throws -> OperatorKey {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw KeyFileProblem(path: path, reason: "exists already; GreenPark never replaces an operator key (its signatures would no longer verify)")
        }
        let key = OperatorKey()
        let hex = Hex.string(key.privateKey.rawRepresentation) + "\n"
        // Create with 0600 from the start: the key is never readable by others, not even briefly.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw KeyFileProblem(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let written = hex.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress!, hex.utf8.count) }
        guard written == hex.utf8.count else { throw KeyFileProblem(path: path, reason: "could not write the key") }
        try (key.publicKeyHex + "\n").write(toFile: publicPath(forKey: path), atomically: true, encoding: .utf8)
        return key
    }

    /// Reads the private key at `path`; refuses a key file that others can read.
    public static func load(path: String, park: String = "park.yaml") throws -> OperatorKey {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw KeyFileProblem(path: path, reason: "no operator key; create one with `greenpark init --park \(park)`")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw KeyFileProblem(path: path, reason: "is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.bytes(text), bytes.count == 32, let key = try? OperatorKey(rawRepresentation: bytes) else {
            throw KeyFileProblem(path: path, reason: "is not an Ed25519 private key (64 hex digits)")
        }
        return key
    }

    /// Reads a public key file (64 hex digits).
    public static func loadPublic(path: String) throws -> OperatorPublicKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KeyFileProblem(path: path, reason: "cannot read")
        }
        guard let key = OperatorPublicKey(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw KeyFileProblem(path: path, reason: "is not an Ed25519 public key (64 hex digits)")
        }
        return key
    }
}

/// An operator key file is missing, unsafe or malformed.
public struct KeyFileProblem: GreenParkError {
    public var path: String
    public var reason: String
    public var code: String { "key.file" }
    public var message: String { "\(path): \(reason)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
