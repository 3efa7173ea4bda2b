import Crypto
import Foundation
import GreenParkCore
import ZIPFoundation

/// A member's evidence pack: files by path, a manifest with the SHA-256 of every file,
/// and the operator's Ed25519 signature over the manifest (docs/evidence.md).
///
/// Layout: `manifest.json`, `manifest.sig` (hex signature over the SHA-256 of
/// manifest.json), `operator.pub`, and the files the manifest lists.
public struct EvidencePack: Sendable {
    public static let format = "greenpark-evidence-1"
    public static let manifestPath = "manifest.json", signaturePath = "manifest.sig", keyPath = "operator.pub"
    /// Park totals (total consumption per interval, park and generator sums) are packed
    /// only for parks of at least this many members: with two, the total less the
    /// member's own figures is the other member's data.
    public static let minimumMembersForParkTotals = 3
    /// The ledger extract (docs/evidence.md): the member's entries of blocks sealed with a
    /// Merkle root, their audit paths, those blocks' seals, and whole blocks sealed before roots.
    public static let ledgerEntriesPath = "ledger/entries.jsonl", ledgerProofsPath = "ledger/proofs.jsonl"
    public static let ledgerSealsPath = "ledger/seals.jsonl", legacyLedgerPath = "ledger/ledger.jsonl"

    /// The packed files (not the manifest, signature and key), in order.
    public var files: [(path: String, data: Data)] = []
    /// What the manifest says about the pack besides its files.
    public var facts: [(String, CanonicalJSON)] = []

    public init() {}

    public mutating func add(_ path: String, _ data: Data) {
        precondition(Self.isSafe(path) && !files.contains { $0.path == path }, "\(path) is unsafe or added twice")
        files.append((path, data))
    }

    /// A relative path of plain components: no `..`, `.`, empty part, leading `/` or `\`.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
    }

    public mutating func add(_ path: String, _ text: String) { add(path, Data(text.utf8)) }

    /// The manifest: the facts, then every file's path, size and SHA-256, as canonical JSON.
    public func manifest(publicKeyHex: String) -> Data {
        var object: [String: CanonicalJSON] = Dictionary(uniqueKeysWithValues: facts)
        object["format"] = .string(Self.format)
        object["operator_key"] = .string(publicKeyHex)
        object["files"] = .array(files.map { file in
            .object(["path": .string(file.path), "bytes": .integer(Int64(file.data.count)), "sha256": .string(Self.sha256(file.data))])
        })
        return Data(CanonicalJSON.object(object).bytes + [10])
    }

    public static func sha256(_ data: Data) -> String { Hex.string(SHA256.hash(data: data)) }

    /// Writes the ZIP (a new file at `url`) with the manifest signed by `key`.
    public func write(to url: URL, key: OperatorKey) throws {
        let manifest = manifest(publicKeyHex: key.publicKeyHex)
        let signature = try key.sign(hashHex: Self.sha256(manifest))
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let all = [(Self.manifestPath, manifest), (Self.signaturePath, Data((signature + "\n").utf8)), (Self.keyPath, Data((key.publicKeyHex + "\n").utf8))] + files.map { ($0.path, $0.data) }
        for (path, data) in all {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 0),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// The most a pack may expand to, all files together: 2 GiB (a year's pack of a large
    /// park is a few hundred MB). A ZIP that expands further is refused, not read into memory.
    public static let maximumBytes: Int64 = 2 << 30

    /// Every file of the ZIP at `url`, by path; at most `limit` bytes in all.
    public static func read(_ url: URL, limit: Int64 = maximumBytes) throws -> [String: Data] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw EvidenceError(message: "\(url.path) is not a readable ZIP archive: \(error)")
        }
        var files: [String: Data] = [:]
        var total: Int64 = 0
        let tooLarge = EvidenceError(
            message: "the pack expands to more than \(limit) bytes; it is refused (a GreenPark pack is far smaller)")
        for entry in archive where entry.type == .file {
            guard isSafe(entry.path) else {
                throw EvidenceError(message: "the pack holds an entry with an unsafe path (\(entry.path)); it is refused before anything is read or written")
            }
            // The declared size first, then what really comes out (a header may lie).
            guard entry.uncompressedSize <= limit - total else { throw tooLarge }
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    total += Int64(chunk.count)
                    guard total <= limit else { throw tooLarge }
                    data.append(chunk)
                }
            } catch let error as EvidenceError {
                throw error
            } catch {
                throw EvidenceError(message: "\(entry.path) cannot be read from the pack (\(error)); the archive is damaged")
            }
            guard files[entry.path] == nil else { throw EvidenceError(message: "\(entry.path) appears twice in the pack") }
            files[entry.path] = data
        }
        return files
    }
}

/// An evidence pack that cannot be made or does not verify.
public struct EvidenceError: GreenParkError {
    public var message: String
    public var code: String { "evidence.invalid" }

    public init(message: String) { self.message = message }
}
