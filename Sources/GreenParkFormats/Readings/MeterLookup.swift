/// Finds a meter's index from the bytes of its id without building a `String`:
/// an open-addressing hash table over the park's meter ids (FNV-1a), checked byte by byte.
struct MeterLookup: Sendable {
    private let ids: [[UInt8]]
    private var slots: [Int32]
    private let mask: Int

    init(ids: [String]) {
        self.ids = ids.map { Array($0.utf8) }
        var capacity = 16
        while capacity < ids.count * 4 { capacity *= 2 }
        mask = capacity - 1
        slots = Array(repeating: -1, count: capacity)
        for (index, id) in self.ids.enumerated() {
            var slot = id.withUnsafeBufferPointer { Self.hash($0) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of the meter whose id is `bytes`, or -1.
    @inline(__always)
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Self.hash(bytes) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return -1 }
            let matches = ids[Int(candidate)].withUnsafeBufferPointer { id in
                id.count == bytes.count && (id.count == 0 || memcmp(id.baseAddress!, bytes.baseAddress!, id.count) == 0)
            }
            if matches { return candidate }
            slot = (slot + 1) & mask
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
