/// Runs any bytes through every decoder of this module and checks what must hold for all
/// inputs; the one oracle of the fuzzers (`Fuzz/meter-codecs`), the fuzz tests and
/// `greenpark bench decode --fuzz`.
///
/// Rules checked (a broken one is returned as a `Violation`, never trapped here):
/// - every decoder returns or throws ``MeterCodecError`` (typed throws: nothing else can
///   escape) and does not trap, which the caller sees as a crash;
/// - what decodes encodes back to the same bytes (DL/T 645 frames with their preamble,
///   read-address answers, Modbus requests and answers, integer register values);
/// - ``DLT645Reading/decode(_:item:)`` refuses a frame for the same reason
///   ``DLT645Frame/decode(_:)-(UnsafeRawBufferPointer)`` does, and what it reads is what its reply frame carries;
/// - ``DLT645Scanner/next(_:)`` skips at least one byte and at most all, reports only
///   frames the decoder accepts, waits only while fewer than 216 bytes are there, drains
///   any stream in at most one step per byte, finds the same frames however the
///   stream is cut into pieces, and leaves nothing waiting once 216 more bytes came.
///
/// Each input also runs twice more, repaired so the decoders get past their first
/// checks: once with the DL/T 645 envelope (68, 68, L, CS, 16) and the Modbus MBAP
/// length and byte count set to fit the bytes, once with only the DL/T 645 checksum fixed.
public enum MeterCodecProbe {
    /// A rule that did not hold, with the decoder and the input.
    public struct Violation: Error, CustomStringConvertible, Sendable {
        public let decoder: String
        public let rule: String
        public let input: [UInt8]

        public var description: String {
            "\(decoder): \(rule) on \(input.count) bytes "
                + input.prefix(64).map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }
                .joined(separator: " ") + (input.count > 64 ? " ..." : "")
        }
    }

    /// The items DL/T 645 readings are decoded as: every named item and formats no meter
    /// uses (0 and 10 bytes, more decimals than digits, negative decimals, 1 and 9 bytes).
    public static let items: [DLT645DataItem] = {
        let odd = [(0, 0, false), (1, 2, true), (2, 5, false), (4, -1, false), (9, 18, true), (10, 2, false)]
        return DLT645DataItem.named.keys.sorted().map { DLT645DataItem.named[$0]! }
            + odd.map { DLT645DataItem(
                di: 0x0001_0000, format: DLT645ValueFormat(bytes: $0.0, decimals: $0.1, signed: $0.2),
                unit: "kWh", name: "odd format") }
    }()

    /// Checks `bytes` and its two repaired forms; `nil` when every rule held.
    public static func check(_ bytes: [UInt8]) -> Violation? {
        if let violation = checkOnce(bytes) { return violation }
        var repaired = bytes
        repairEnvelope(&repaired)
        if repaired != bytes, let violation = checkOnce(repaired) { return violation }
        var summed = bytes
        repairChecksum(&summed)
        if summed != bytes, summed != repaired, let violation = checkOnce(summed) { return violation }
        return nil
    }

    /// Checks `bytes` as they are.
    public static func checkOnce(_ bytes: [UInt8]) -> Violation? {
        bytes.withUnsafeBytes { raw in
            checkDLT645(raw, bytes) ?? checkScanner(raw, bytes) ?? checkModbus(raw, bytes)
        }
    }

    static func violation(_ decoder: String, _ rule: String, _ input: [UInt8]) -> Violation {
        Violation(decoder: decoder, rule: rule, input: input)
    }

    static func checkDLT645(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Violation? {
        var preamble = 0
        while preamble < min(bytes.count, DLT645Frame.maximumPreamble), bytes[preamble] == 0xFE { preamble += 1 }
        var frameError: MeterCodecError.Kind?
        do {
            let frame = try DLT645Frame.decode(raw)
            guard frame.encoded(preamble: preamble) == bytes else {
                return violation("DLT645Frame.decode", "encoding the frame gives other bytes", bytes)
            }
        } catch {
            frameError = error.kind
        }
        for item in items {
            do {
                let reading = try DLT645Reading.decode(raw, item: item)
                if let frameError {
                    return violation("DLT645Reading.decode", "read a frame the frame decoder refused (\(frameError))",
                                     bytes)
                }
                let reply: DLT645Frame
                do {
                    reply = try reading.replyFrame(item: item)
                } catch {
                    return violation("DLT645Reading.replyFrame", "cannot encode a decoded reading: \(error)", bytes)
                }
                let encoded = reply.encoded(preamble: preamble)
                let again = encoded.withUnsafeBytes { try? DLT645Reading.decode($0, item: item) }
                guard again == reading else {
                    return violation("DLT645Reading.decode", "the reply frame of a reading reads otherwise", bytes)
                }
                // Byte for byte where nothing is lost: control 91 (not B1) and no sign on a zero.
                let negativeZero = item.format.signed && reading.value.mantissa == 0
                    && bytes[bytes.count - 3] &- 0x33 & 0x80 != 0
                if bytes[preamble + 8] == 0x91, !negativeZero, encoded != bytes {
                    return violation("DLT645Reading.replyFrame", "re-encodes to other bytes", bytes)
                }
            } catch {
                if let frameError, error.kind != frameError {
                    return violation("DLT645Reading.decode", "refuses with \(error.kind), the frame decoder with "
                        + "\(frameError)", bytes)
                }
            }
        }
        do {
            let address = try DLT645AddressReply.decode(raw)
            let frame = try DLT645Frame(
                address: address, control: DLT645Control.readAddress.reply, data: address.wireBytes)
            guard frame.encoded(preamble: preamble) == bytes else {
                return violation("DLT645AddressReply.decode", "the answer re-encodes to other bytes", bytes)
            }
        } catch {
            if let frameError, error.kind != frameError {
                return violation("DLT645AddressReply.decode", "refuses with \(error.kind), the frame decoder with "
                    + "\(frameError)", bytes)
            }
        }
        return nil
    }
}
