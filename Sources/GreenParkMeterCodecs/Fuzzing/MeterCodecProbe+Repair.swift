extension MeterCodecProbe {
    /// Sets the DL/T 645 envelope (68 after up to 4 FE, 68 at +7, L, CS, 16) and the
    /// Modbus MBAP protocol id, length and byte count to fit `bytes`, where they can fit.
    public static func repairEnvelope(_ bytes: inout [UInt8]) {
        guard bytes.count >= 12 else { return repairModbus(&bytes) }
        let dlt = bytes
        var start = 0
        while start < min(4, dlt.count), dlt[start] == 0xFE { start += 1 }
        var frame = dlt
        let count = frame.count - start - 12
        if (0...DLT645Frame.maximumData).contains(count) {
            frame[start] = 0x68
            frame[start + 7] = 0x68
            frame[start + 9] = UInt8(count)
            frame[frame.count - 1] = 0x16
            repairChecksum(&frame)
        }
        // An input is either repaired as DL/T 645 or as Modbus; byte 7 tells (68 or a function).
        if dlt[7] == 0x68 || start > 0 || dlt[0] == 0x68 {
            bytes = frame
        } else {
            repairModbus(&bytes)
        }
    }

    /// Sets CS of a DL/T 645 frame whose L fits the bytes to the sum of 68 .. DATA.
    public static func repairChecksum(_ bytes: inout [UInt8]) {
        var start = 0
        while start < min(4, bytes.count), bytes[start] == 0xFE { start += 1 }
        guard bytes.count >= start + 12 else { return }
        let end = start + 12 + Int(bytes[start + 9])
        guard end <= bytes.count else { return }
        var sum: UInt8 = 0
        for index in start..<(end - 2) { sum &+= bytes[index] }
        bytes[end - 2] = sum
    }

    static func repairModbus(_ bytes: inout [UInt8]) {
        guard bytes.count >= 8, bytes.count <= ModbusHeader.maximumFrame else { return }
        let length = bytes.count - 6
        bytes[2] = 0
        bytes[3] = 0
        bytes[4] = UInt8(length >> 8)
        bytes[5] = UInt8(length & 0xFF)
        if bytes.count >= 9, bytes[7] & 0x80 == 0 { bytes[8] = UInt8(bytes.count - 9) }
    }
}
