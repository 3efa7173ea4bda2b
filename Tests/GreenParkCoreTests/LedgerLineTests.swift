@testable import GreenParkCore
import PropertyBased
import Testing

/// A ledger whose data holds what canonical JSON must get exactly right: escapes, non-ASCII
/// text of 2, 3 and 4 bytes, DEL, nested arrays and objects, negative numbers, booleans,
/// empty containers, keys that sort by bytes ("B" < "a", "a" < "a_" < "b").
struct OddLedger {
    static let key = OperatorKey()
    static let time = Timestamp(CivilDate(year: 2024, month: 2, day: 29))

    static func events(_ n: Int) -> [LedgerEvent] {
        (0..<n).map { i in
            let nested: CanonicalJSON = .object(["x": .array([.string("y")])])
            return LedgerEvent(kind: LedgerEntry.Kind.allCases[i % 6], data: [
                "issuer": .string("é \"quoted\" \\ back\nline\ttab\r\u{8}\u{c}\u{1}\u{1f}\u{7f} 绿电 🌞 / end"),
                "a": .array([.integer(-Int64(i) - 1), .integer(0), .bool(true), .bool(false), .array([]),
                             .object([:])]),
                "a_": .object(["z": .integer(Int64(i)), "B": .string(""), "nested": nested]),
                "b": .integer(999_999_999_999_999_999),
                "B": .string("before a"),
            ])
        }
    }

    static func entries(_ n: Int, blockLimit: Int = 4) throws -> [LedgerEntry] {
        var head = LedgerAppender.Head.empty
        return try LedgerAppender(key: key, blockLimit: blockLimit).append(events(n), at: time, after: &head)
    }

    /// Verifies exported lines as a file would be: through
    /// ``LedgerVerifier/check(lines:source:linesBefore:)``, the file named "l".
    static func verify(_ text: String, publicKey: OperatorPublicKey? = nil) throws -> (entries: Int, blocks: Int) {
        try verify(Array(text.utf8), publicKey: publicKey)
    }

    static func verify(_ bytes: [UInt8], publicKey: OperatorPublicKey? = nil) throws -> (entries: Int, blocks: Int) {
        var verifier = LedgerVerifier(publicKey: publicKey)
        _ = try bytes.withUnsafeBufferPointer { try verifier.check(lines: $0, source: "l", linesBefore: 0) }
        try verifier.finish()
        return (verifier.entries, verifier.blocks)
    }

    /// The first problem found verifying `text`: its entry and message; `nil` when it verifies.
    static func problem(_ text: String, publicKey: OperatorPublicKey? = nil) -> (sequence: Int64, reason: String)? {
        problem(Array(text.utf8), publicKey: publicKey)
    }

    static func problem(_ bytes: [UInt8], publicKey: OperatorPublicKey? = nil) -> (sequence: Int64, reason: String)? {
        do { _ = try verify(bytes, publicKey: publicKey); return nil } catch let error as LedgerBroken {
            return (error.sequence, error.reason)
        } catch { return (-99, "\(error)") }
    }
}

@Suite("Exported ledger lines: canonical form proven by a byte scan, hashed as they are")
struct LedgerLineTests {
    func scan(_ line: [UInt8]) -> LedgerLine? {
        var lastTime: [UInt8] = []
        return line.withUnsafeBufferPointer { LedgerLine($0, lastTime: &lastTime) }
    }

    @Test("every exported line is read on the fast path, with the entry's number, kind, links and a valid hash")
    func fastPath() throws {
        let entries = try OddLedger.entries(12) // 12 events in blocks of 4: 3 seals, 15 entries
        #expect(entries.count == 15)
        for entry in entries {
            let line = try #require(scan(Array(entry.line.utf8)), "\(entry.line)")
            #expect(line.sequence == entry.sequence && line.kind == entry.kind && line.hashValid)
            #expect(line.previous == HexDigest(entry.previous) && line.hash == HexDigest(entry.hash))
        }
        let text = entries.map(\.line).joined(separator: "\n") + "\n"
        #expect(try OddLedger.verify(text, publicKey: OperatorPublicKey(hex: OddLedger.key.publicKeyHex)) == (15, 3))
    }

    @Test("a line whose content was changed keeps its hash: read, and its hash found invalid")
    func alteredHash() throws {
        let line = try OddLedger.entries(1)[0].line
            .replacingOccurrences(of: "999999999999999999", with: "999999999999999998")
        #expect(scan(Array(line.utf8))?.hashValid == false)
    }

    /// Soundness: whatever the scan accepts is exactly an entry's canonical JSON, and its hash
    /// verdict is the parsed entry's. Lines mutated at random (bytes inserted, deleted,
    /// replaced, swapped) are mostly refused by the scan; any it accepts must re-encode to
    /// the same bytes.
    @Test("the scan accepts a mutated line only if parsing and re-encoding gives its very bytes")
    func soundness() async throws {
        let lines = try OddLedger.entries(12).map { Array($0.line.utf8) }
        let interesting = Array(#" "\/0123456789.eE+-,:{}[]abfnrtuAF"#.utf8)
            + [0, 9, 10, 0x7F, 0x80, 0xA9, 0xBF, 0xC3, 0xE7, 0xF0, 0xFF]
        let mutation = zip(Gen.int(in: 0...14), Gen.int(in: 0...3), Gen.int(in: 0...100_000),
                           Gen.int(in: 0...(interesting.count - 1)), Gen.int(in: 1...3))
        await propertyCheck(count: 4000, input: mutation) { which, operation, place, pick, times in
            var line = lines[which % lines.count]
            for step in 0..<times {
                let at = (place + step * 7919) % line.count
                switch operation {
                case 0: line.insert(interesting[(pick + step) % interesting.count], at: at)
                case 1: line.remove(at: at)
                case 2: line[at] = interesting[(pick + step) % interesting.count]
                default: line.swapAt(at, min(at + 1, line.count - 1))
                }
            }
            guard let scanned = scan(line) else { return }
            let entry = try #require(LedgerEntry(line: String(decoding: line, as: UTF8.self)), "accepted: \(line)")
            #expect(Array(entry.line.utf8) == line, "accepted a non-canonical line")
            #expect(scanned.hashValid == (entry.computedHash == entry.hash))
            #expect(scanned.sequence == entry.sequence && scanned.kind == entry.kind)
        }
    }

    @Test("verifying lines finds every kind of tampering at the same entry, with the same message, as entries")
    func sameVerdicts() throws {
        let tests = LedgerTests()
        let entries = try tests.ledger(10)
        let other = OperatorKey()
        var head = LedgerAppender.Head.empty
        let forged = try LedgerAppender(key: other).append(tests.events(3), at: Timestamp(seconds: 0), after: &head)
        /// `entries` with entry `k`'s data changed and its hash recomputed.
        func rehashed(_ k: Int, _ change: (inout [String: CanonicalJSON]) throws -> Void) rethrows -> [LedgerEntry] {
            var changed = entries, data = entries[k].data
            try change(&data)
            changed[k] = LedgerEntry(sequence: Int64(k), kind: entries[k].kind, time: entries[k].time, data: data,
                                     previous: entries[k].previous)
            return changed
        }
        let otherHead = String(repeating: "1", count: 64)
        var altered = entries
        altered[6].data["volume_wh"] = .integer(2_000_000)
        var inserted = entries
        inserted.insert(entries[2], at: 5)
        var reordered = entries
        reordered.swapAt(1, 2)
        let cases: [(String, [LedgerEntry], OperatorPublicKey?)] = [
            ("altered", altered, nil), ("inserted", inserted, nil), ("reordered", reordered, nil),
            ("rehashed", rehashed(6) { $0["volume_wh"] = .integer(2_000_000) }, nil),
            ("removed", entries.enumerated().filter { $0.offset != 3 }.map(\.element), nil),
            ("unsealed", Array(entries.dropLast()), nil),
            ("a seal not covering its block", rehashed(4) { $0["last"] = .integer(2) }, nil),
            ("a seal without its head", rehashed(4) { $0["head"] = nil }, nil),
            // The key's signature, but over another head.
            ("signature", try rehashed(4) { $0["signature"] = .string(try tests.key.sign(hashHex: otherHead)) }, nil),
            // Seals with a Merkle root: another root (re-signed or not), and the signature over head only.
            ("a seal with another root", rehashed(4) { $0["root"] = .string(otherHead) }, nil),
            ("a seal with another root, re-signed", try rehashed(4) {
                $0["root"] = .string(otherHead)
                let message = Hex.bytes(entries[3].hash)! + Hex.bytes(otherHead)!
                $0["signature"] = .string(try tests.key.sign(message: message))
            }, nil),
            ("a seal with a root signed over its head only",
             try rehashed(4) { $0["signature"] = .string(try tests.key.sign(hashHex: entries[3].hash)) }, nil),
            ("a seal whose root is no string", rehashed(4) { $0["root"] = .integer(1) }, nil),
            ("forged", forged, OperatorPublicKey(hex: OddLedger.key.publicKeyHex)),
            ("wrong key", entries, OperatorPublicKey(hex: other.publicKeyHex)),
        ]
        for (name, variant, key) in cases {
            var expected: (Int64, String)?
            do { _ = try LedgerVerifier.verify(variant, publicKey: key) } catch let error as LedgerBroken {
                expected = (error.sequence, error.reason)
            }
            let found = OddLedger.problem(variant.map(\.line).joined(separator: "\n") + "\n", publicKey: key)
            #expect(expected != nil, "\(name)")
            #expect(found?.sequence == expected?.0 && found?.reason == expected?.1,
                    "\(name): \(String(describing: found))")
        }
    }

    @Test("a line that is not exactly its entry's canonical JSON is refused at that entry, and at that line")
    func nonCanonical() throws {
        let plain = try LedgerTests().ledger(3).map(\.line) // entry 0: first_id 0; entry 1: first_id 10
        let odd = try OddLedger.entries(2).map(\.line) // entry 1's issuer: "é \"quoted\" \\ back\nline\ttab..."
        func changed(_ lines: [String], _ from: String, _ to: String, at index: Int = 1) -> [UInt8] {
            var lines = lines
            #expect(lines[index].contains(from), "\(from)")
            lines[index] = lines[index].replacingOccurrences(of: from, with: to)
            return Array((lines.joined(separator: "\n") + "\n").utf8)
        }
        let badUTF8 = Array(plain[1].utf8.prefix(20)) + [0xFF] + Array(plain[1].utf8.dropFirst(20)) // in "pv-roof"
        let sorted = #""device":"pv-roof","first_id":10"#, unsorted = #""first_id":10,"device":"pv-roof""#
        let notCanonical: [(String, [UInt8], Int64)] = [
            ("unsorted keys", changed(plain, sorted, unsorted), 1),
            ("a duplicate key", changed(plain, #""device":"pv-roof","#, #""device":"pv-roof","device":"pv-roof","#), 1),
            ("an escaped letter", changed(plain, #""pv-roof""#, #""pv-\u0072oof""#), 1),
            ("an escaped slash", changed(odd, " / end", #" \/ end"#), 1),
            ("an upper-case escape", changed(odd, #"\u001f"#, #"\u001F"#), 1),
            ("a long escape for a short one", changed(odd, #"\n"#, #"\u000a"#), 1),
            ("a raw tab", changed(odd, #"\t"#, "\t"), 1),
            ("a leading zero", changed(plain, #""first_id":10,"#, #""first_id":010,"#), 1),
            ("minus zero", changed(plain, #""first_id":0,"#, #""first_id":-0,"#, at: 0), 0),
            ("a member not in an entry", changed(plain, #""kind":"issuance","#, #""kind":"issuance","note":"x","#), 1),
            ("a time not as the ledger writes it", changed(plain, "2024-01-31T00:00:00Z", "2024-01-31 00:00:00Z"), 1),
            ("invalid UTF-8", Array(plain[0].utf8) + [10] + badUTF8 + [10], 1),
        ]
        for (name, text, sequence) in notCanonical {
            // Parsed as the old reader did, each is still an entry (whose hash may even verify).
            let line = text.split(separator: 10)[Int(sequence)]
            #expect(LedgerEntry(line: String(decoding: line, as: UTF8.self)) != nil, "\(name)")
            let problem = OddLedger.problem(text)
            #expect(problem?.sequence == sequence, "\(name): \(String(describing: problem))")
            #expect(problem?.reason.hasPrefix("l:\(sequence + 1): not canonical JSON") == true,
                    "\(name): \(String(describing: problem))")
        }
        let notEntries: [(String, [UInt8])] = [
            ("whitespace", changed(plain, #"{"data":{"#, #"{"data": {"#)),
            ("a float", changed(plain, "1000000", "1000000.0")),
            ("null", changed(plain, #""pv-roof""#, "null")),
            ("an unknown kind", changed(plain, #""issuance""#, #""grant""#)),
            ("a missing member", changed(plain, #""kind":"issuance","#, "")),
        ]
        for (name, text) in notEntries {
            let problem = OddLedger.problem(text)
            #expect(problem?.sequence == -1 && problem?.reason.hasPrefix("l:2: not a ledger entry") == true,
                    "\(name): \(String(describing: problem))")
        }
        // A CR before the line feed ends the line, as in a file passed through Windows.
        #expect(OddLedger.problem(changed(plain, #"Z"}"#, "Z\"}\r")) == nil)
        // Blank lines are skipped but counted.
        var blank = changed(plain, sorted, unsorted)
        blank.insert(contentsOf: [10, 10], at: blank.firstIndex(of: 10)!)
        #expect(OddLedger.problem(blank)?.reason.hasPrefix("l:4: not canonical JSON") == true)
    }

    @Test("canonical lines the scan leaves to the parser (a 19-digit number, an escaped key) verify")
    func slowPath() throws {
        var head = LedgerAppender.Head.empty
        let data: [String: CanonicalJSON] = ["big": .integer(Int64.min), "a\"b": .string("x"), "a": .integer(1)]
        let odd = LedgerEvent(kind: .issuance, data: data)
        let entries = try LedgerAppender(key: OddLedger.key)
            .append([odd] + OddLedger.events(2), at: OddLedger.time, after: &head)
        #expect(scan(Array(entries[0].line.utf8)) == nil)
        #expect(try OddLedger.verify(entries.map(\.line).joined(separator: "\n")) == (4, 1))
        var altered = entries
        altered[0].data["big"] = .integer(Int64.max)
        #expect(OddLedger.problem(altered.map(\.line).joined(separator: "\n"))?.reason.contains("altered") == true)
    }
}
