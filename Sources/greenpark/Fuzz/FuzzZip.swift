/// A minimal ZIP writer (stored entries, no compression) for the fuzzer: unlike a real
/// archiver it writes any entry name (`../x`, `/etc/passwd`, the same name twice), so
/// crafted evidence packs can be made. Deterministic: fixed times, entries in order.
enum FuzzZip {
    static func archive(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in entries {
            let nameBytes = Array(name.utf8), crc = crc32(data), offset = UInt32(truncatingIfNeeded: out.count)
            var local: [UInt8] = []
            local.append(u32: 0x0403_4B50); local.append(u16: 20); local.append(u16: 0); local.append(u16: 0)
            local.append(u16: 0); local.append(u16: 0x21)  // time 00:00, date 1980-01-01
            local.append(u32: crc); local.append(u32: UInt32(truncatingIfNeeded: data.count));
            local.append(u32: UInt32(truncatingIfNeeded: data.count))
            local.append(u16: UInt16(truncatingIfNeeded: nameBytes.count)); local.append(u16: 0)
            out += local + nameBytes + data
            central.append(u32: 0x0201_4B50); central.append(u16: 0x031E); central.append(u16: 20);
            central.append(u16: 0); central.append(u16: 0)
            central.append(u16: 0); central.append(u16: 0x21)
            central.append(u32: crc); central.append(u32: UInt32(truncatingIfNeeded: data.count));
            central.append(u32: UInt32(truncatingIfNeeded: data.count))
            central.append(u16: UInt16(truncatingIfNeeded: nameBytes.count)); central.append(u16: 0);
            central.append(u16: 0)
            central.append(u16: 0); central.append(u16: 0); central.append(u32: 0o100644 << 16);
            central.append(u32: offset)
            central += nameBytes
        }
        let centralOffset = UInt32(truncatingIfNeeded: out.count)
        out += central
        out.append(u32: 0x0605_4B50); out.append(u16: 0); out.append(u16: 0)
        out.append(u16: UInt16(truncatingIfNeeded: entries.count));
        out.append(u16: UInt16(truncatingIfNeeded: entries.count))
        out.append(u32: UInt32(truncatingIfNeeded: central.count)); out.append(u32: centralOffset); out.append(u16: 0)
        return out
    }

    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    mutating func append(u16 value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func append(u32 value: UInt32) { for k in 0..<4 { append(UInt8((value >> (8 * k)) & 0xFF)) } }
}
