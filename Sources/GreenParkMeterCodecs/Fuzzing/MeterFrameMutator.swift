import GreenParkCore

/// Seeded random and mutated meter frames for the fuzz tests and `greenpark bench decode
/// --fuzz`: the same seed and seed frames give the same inputs.
///
/// Rule: one input in 16 is random bytes (0 to 300); the others are a seed frame (or two
/// glued together) with one mutation (half of them) or 1 to 4: bit flips, bytes set to
/// random or telling values (00 FF 68 16 FE 33 80 7F C8 C9 91 D1 93), truncation,
/// insertion, deletion, duplication, splicing, extra FE wake-up bytes, and length fields
/// set to extremes (DL/T 645 L 0 to 255; MBAP length 0 to 0xFFFF; Modbus byte count). Half of the
/// mutated inputs then get their DL/T 645 checksum recomputed and a quarter their MBAP
/// length, so the checks after the checksum and the length are reached as well.
public struct MeterFrameMutator {
    private var random: SplitMix64
    private let seeds: [[UInt8]]

    static let telling: [UInt8] = [0x00, 0xFF, 0x68, 0x16, 0xFE, 0x33, 0x80, 0x7F, 0xC8, 0xC9, 0x91, 0xD1, 0x93]
    static let dltLengths: [UInt8] = [0, 1, 4, 5, 8, 9, 200, 201, 255]
    static let mbapLengths: [UInt16] = [0, 1, 2, 3, 4, 5, 6, 7, 253, 254, 255, 256, 0x7FFF, 0xFFFF]

    /// `seeds` must not be empty.
    public init(seed: UInt64, seeds: [[UInt8]]) {
        precondition(!seeds.isEmpty, "a mutator needs seed frames")
        random = SplitMix64(seed: seed)
        self.seeds = seeds
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }
    private mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: random.next()) }

    /// The next input.
    public mutating func next() -> [UInt8] {
        if below(16) == 0 { return (0..<below(301)).map { _ in byte() } }
        var bytes = seeds[below(seeds.count)]
        if below(8) == 0 { bytes += seeds[below(seeds.count)] }
        for _ in 0...(below(2) == 0 ? 0 : below(4)) { mutate(&bytes) }
        if below(2) == 0 { MeterCodecProbe.repairChecksum(&bytes) }
        if below(4) == 0, bytes.count >= 8, bytes.count <= ModbusHeader.maximumFrame {
            bytes[4] = UInt8((bytes.count - 6) >> 8)
            bytes[5] = UInt8((bytes.count - 6) & 0xFF)
        }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = below(bytes.count + 1)
        switch below(12) {
        case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= 1 << UInt8(below(8))
        case 1 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = byte()
        case 2 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = Self.telling[below(Self.telling.count)]
        case 3: bytes.removeLast(below(bytes.count + 1))
        case 4: bytes.insert(contentsOf: (0..<(1 + below(8))).map { _ in byte() }, at: at)
        case 5: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(8)))
        case 6:
            let end = min(bytes.count, at + 1 + below(32))
            bytes.insert(contentsOf: Array(bytes[at..<end]), at: at)
        case 7:
            let other = seeds[below(seeds.count)]
            bytes = Array(bytes.prefix(at)) + other.suffix(from: min(other.count, below(other.count + 1)))
        case 8: bytes.insert(contentsOf: [UInt8](repeating: 0xFE, count: 1 + below(7)), at: 0)
        case 9:
            // L of a DL/T 645 frame after 0 to 4 FE.
            var start = 0
            while start < min(4, bytes.count), bytes[start] == 0xFE { start += 1 }
            if start + 9 < bytes.count { bytes[start + 9] = Self.dltLengths[below(Self.dltLengths.count)] }
        case 10 where bytes.count >= 6:
            let length = Self.mbapLengths[below(Self.mbapLengths.count)]
            bytes[4] = UInt8(length >> 8)
            bytes[5] = UInt8(length & 0xFF)
        case 11 where bytes.count >= 9:
            bytes[8] = [0, 1, 2, 7, 8, 249, 250, 251, 252, 255][below(10)]
        default:
            bytes.append(byte())
        }
    }
}
