import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore
import Testing

@Suite("greenpark init, ledger verify and export, and the 30-line verifier", .serialized)
struct LedgerCommandTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/verify_ledger.py")

    /// A park with an operator key and a ledger of `count` issuance entries (blocks of 4).
    func parkWithLedger(_ count: Int = 10) throws -> (URL, URL) {
        let (dir, park) = try CLI.parkDirectory()
        let initialised = try CLI.run(["init", "--park", park.path])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let key = try OperatorKeyFile.load(forPark: park.path)
        let store = SQLiteCertificateStore(database: try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path))
        // Real issuances (the registry is stored with them, so `ledger verify --park` finds the two agree).
        let park0 = try ParkFile.load(path: park.path).park
        var registry = try store.loadRegistry(parkId: park0.settings.id)
        var events: [LedgerEvent] = []
        for month in 1...count {
            let start = Timestamp(CivilDate(year: 2023, month: month, day: 1)), end = Timestamp(CivilDate(year: 2023, month: month + 1, day: 1))
            events += try registry.issue(scheme: .gec, device: park0.generators[0], registeredFrom: start, country: "CN", region: "east",
                                         start: start, end: end, generationWh: 1_000_000, at: end, issuer: "é \"quoted\"")
        }
        var head = try store.ledgerHead()
        try store.commit(&registry, statements: [], ledger: try LedgerAppender(key: key, blockLimit: 4).append(events, at: Timestamp(seconds: 1_700_000_000), after: &head))
        return (dir, park)
    }

    func python(_ ledger: URL, _ key: String) throws -> CLI.Result {
        try CLI.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.script.path, ledger.path, key])
    }

    @Test("init creates a 0600 key once; verify and export work; the Python verifier agrees")
    func roundTrip() throws {
        let (dir, park) = try parkWithLedger()
        let keyPath = OperatorKeyFile.privatePath(forPark: park.path)
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try CLI.run(["init", "--park", park.path]).status == 2) // never replaces a key

        let verified = try CLI.run(["ledger", "verify", "--park", park.path])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("ledger ok: 13 entries in 3 blocks"))

        let file = dir.appendingPathComponent("ledger.jsonl")
        #expect(try CLI.run(["ledger", "export", "--park", park.path, "-o", file.path]).status == 0)
        #expect(try CLI.run(["ledger", "verify", "--file", file.path, "--public-key", OperatorKeyFile.publicPath(forPark: park.path)]).status == 0)
        let checked = try python(file, OperatorKeyFile.publicPath(forPark: park.path))
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("ok: 13 entries in 3 blocks"))
    }

    @Test("a tampered export, a removed line and a wrong public key are refused by both verifiers")
    func tampering() throws {
        let (dir, park) = try parkWithLedger()
        let file = dir.appendingPathComponent("ledger.jsonl")
        #expect(try CLI.run(["ledger", "export", "--park", park.path, "-o", file.path]).status == 0)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let publicKey = OperatorKeyFile.publicPath(forPark: park.path)

        let altered = dir.appendingPathComponent("altered.jsonl")
        var changed = lines
        changed[6] = changed[6].replacingOccurrences(of: "\"volume_wh\":1000000", with: "\"volume_wh\":2000000")
        try (changed.joined(separator: "\n") + "\n").write(to: altered, atomically: true, encoding: .utf8)
        let swiftResult = try CLI.run(["ledger", "verify", "--file", altered.path, "--public-key", publicKey])
        #expect(swiftResult.status == 1)
        #expect(swiftResult.stderr.contains("ledger broken at entry 6"))
        #expect(try python(altered, publicKey).status != 0)

        let removed = dir.appendingPathComponent("removed.jsonl")
        try (lines.enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\n") + "\n").write(to: removed, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ledger", "verify", "--file", removed.path, "--public-key", publicKey]).stderr.contains("entry 2 is missing"))
        #expect(try python(removed, publicKey).status != 0)

        // A seal's root replaced by the root of its block less its last entry, the chain after it
        // recomputed (hashes and links): only the root check finds it, in Swift and in Python.
        var entries = lines.compactMap { LedgerEntry(line: $0) }
        let sealIndex = try #require(entries.firstIndex { $0.kind == .seal })
        var sealData = entries[sealIndex].data
        let shorter = entries[..<(sealIndex - 1)].map { Hex.bytes($0.hash)! }
        sealData["root"] = .string(Hex.string(MerkleTree.root(of: shorter)))
        entries[sealIndex].data = sealData
        for k in sealIndex..<entries.count {
            entries[k] = LedgerEntry(sequence: entries[k].sequence, kind: entries[k].kind, time: entries[k].time,
                                     data: entries[k].data, previous: entries[k - 1].hash)
            if entries[k].kind == .seal && k > sealIndex {
                var data = entries[k].data
                data["head"] = .string(entries[k - 1].hash)
                entries[k] = LedgerEntry(sequence: entries[k].sequence, kind: .seal, time: entries[k].time, data: data,
                                         previous: entries[k - 1].hash)
            }
        }
        let rooted = dir.appendingPathComponent("root.jsonl")
        try (entries.map(\.line).joined(separator: "\n") + "\n").write(to: rooted, atomically: true, encoding: .utf8)
        let rootResult = try CLI.run(["ledger", "verify", "--file", rooted.path, "--public-key", publicKey])
        #expect(rootResult.status == 1 && rootResult.stderr.contains("its Merkle root does not match its entries"),
                "\(rootResult.stderr)")
        let rootPython = try python(rooted, publicKey)
        #expect(rootPython.status != 0 && rootPython.stderr.contains("Merkle root does not match"),
                "\(rootPython.stderr)")

        let otherKey = dir.appendingPathComponent("other.pub")
        try (OperatorKey().publicKeyHex + "\n").write(to: otherKey, atomically: true, encoding: .utf8)
        let wrongKey = try CLI.run(["ledger", "verify", "--file", file.path, "--public-key", otherKey.path])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("not the given public key"))
        #expect(try python(file, otherKey.path).status != 0)
    }

    @Test("a line not in canonical JSON is refused at its entry, even when its content hashes right")
    func nonCanonicalLines() throws {
        let (dir, park) = try parkWithLedger()
        let file = dir.appendingPathComponent("ledger.jsonl")
        #expect(try CLI.run(["ledger", "export", "--park", park.path, "-o", file.path]).status == 0)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let publicKey = OperatorKeyFile.publicPath(forPark: park.path)
        // Each variant of entry 6 has the same content, so re-canonicalising it (as the Python
        // script does) gives the same hash; only its bytes are not the canonical ones.
        let variant = dir.appendingPathComponent("variant.jsonl")
        func refusal(_ line: String) throws -> CLI.Result {
            #expect(line != lines[6], "the variant changes the line")
            var changed = lines
            changed[6] = line
            try (changed.joined(separator: "\n") + "\n").write(to: variant, atomically: true, encoding: .utf8)
            let result = try CLI.run(["ledger", "verify", "--file", variant.path, "--public-key", publicKey])
            #expect(result.status == 1)
            return result
        }
        let reordered = lines[6].replacingOccurrences(of: #""country":"CN","device":"#, with: #""device":"#)
            .replacingOccurrences(of: #","first_id":"#, with: #","country":"CN","first_id":"#)
        let escaped = lines[6].replacingOccurrences(of: #""country":"CN""#, with: #""country":"\u0043N""#)
        for (name, line) in [("unsorted keys", reordered), ("an escaped letter", escaped)] {
            let stderr = try refusal(line).stderr
            #expect(stderr.contains("ledger broken at entry 6: \(variant.path):7: not canonical JSON"),
                    "\(name): \(stderr)")
            #expect(try python(variant, publicKey).status == 0,
                    "\(name): the Python script re-canonicalises and accepts it")
        }
        // Whitespace and floating point are not ledger JSON at all (the reader never accepted them).
        let spaced = try refusal(lines[6].replacingOccurrences(of: #"{"data":{"#, with: #"{"data": {"#)).stderr
        #expect(spaced.contains("ledger broken at entry -1: \(variant.path):7: not a ledger entry"), "\(spaced)")
        #expect(try python(variant, publicKey).status == 0)
        let float = try refusal(lines[6].replacingOccurrences(of: #""count":1,"#, with: #""count":1.0,"#)).stderr
        #expect(float.contains("ledger broken at entry -1: \(variant.path):7: not a ledger entry"), "\(float)")
    }

    @Test("a private key readable by others is refused")
    func keyPermissions() throws {
        let (_, park) = try CLI.parkDirectory()
        #expect(try CLI.run(["init", "--park", park.path]).status == 0)
        chmod(OperatorKeyFile.privatePath(forPark: park.path), 0o644)
        #expect(throws: KeyFileProblem.self) { try OperatorKeyFile.load(forPark: park.path) }
    }
}
