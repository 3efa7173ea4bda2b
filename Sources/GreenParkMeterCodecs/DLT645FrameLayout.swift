/// Where the parts of one DL/T 645 frame lie in a buffer, after every structural check:
/// preamble, both 0x68, length, checksum and the 0x16 end byte. Reading the layout
/// allocates nothing.
struct DLT645FrameLayout {
    /// Offset of the first 0x68.
    let start: Int
    let control: UInt8
    let dataCount: Int
    /// Offset of the first data byte.
    var dataStart: Int { start + 10 }
    /// Offset just past the 0x16 end byte.
    var end: Int { start + 12 + dataCount }

    init(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) {
        var start = 0
        while start < bytes.count, bytes[start] == 0xFE {
            start += 1
            guard start <= DLT645Frame.maximumPreamble else {
                throw MeterCodecError(.badFraming, "more than 4 FE bytes before a DL/T 645 frame")
            }
        }
        guard bytes.count >= start + 12 else {
            throw MeterCodecError(.truncated, "a DL/T 645 frame has at least 12 bytes, \(bytes.count - start) came")
        }
        guard bytes[start] == 0x68, bytes[start + 7] == 0x68 else {
            throw MeterCodecError(.badFraming, "a DL/T 645 frame starts 68 A0..A5 68")
        }
        let count = Int(bytes[start + 9])
        guard count <= DLT645Frame.maximumData else {
            throw MeterCodecError(.badLength, "DL/T 645 length \(count) is above 200")
        }
        let end = start + 12 + count
        guard bytes.count >= end else {
            throw MeterCodecError(.truncated, "DL/T 645 frame says \(count) data bytes, the frame stops early")
        }
        var sum: UInt8 = 0
        for index in start..<(end - 2) { sum &+= bytes[index] }
        guard sum == bytes[end - 2] else {
            throw MeterCodecError(
                .badChecksum, "DL/T 645 checksum is \(bytes[end - 2]), the bytes sum to \(sum)")
        }
        guard bytes[end - 1] == 0x16 else {
            throw MeterCodecError(.badFraming, "a DL/T 645 frame ends with 16, not \(bytes[end - 1])")
        }
        self.start = start
        self.control = bytes[start + 8]
        self.dataCount = count
    }

    func address(_ bytes: UnsafeRawBufferPointer) -> DLT645Address {
        var wire: UInt64 = 0
        for index in 0..<6 { wire |= UInt64(bytes[start + 1 + index]) << (8 * UInt64(index)) }
        return DLT645Address(wire: wire)
    }
}
