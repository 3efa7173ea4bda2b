/// One DL/T 645-2007 frame:
/// `[FE x0-4] 68 A0..A5 68 C L DATA CS 16`.
///
/// Rules: the address is six bytes, least significant first; every DATA byte travels
/// plus 0x33 (mod 256); CS is the sum mod 256 of the bytes from the first 0x68 through
/// DATA; L is at most 200. `data` here holds the bytes with 0x33 taken off again.
public struct DLT645Frame: Sendable, Equatable {
    public let address: DLT645Address
    public let control: DLT645Control
    /// The data field as the meter means it (0x33 removed).
    public let data: [UInt8]

    /// Longest data field the standard allows.
    public static let maximumData = 200
    /// Most FE wake-up bytes accepted before a frame.
    public static let maximumPreamble = 4

    public init(address: DLT645Address, control: DLT645Control, data: [UInt8]) throws(MeterCodecError) {
        guard data.count <= Self.maximumData else {
            throw MeterCodecError(.badRequest, "a DL/T 645 data field has at most 200 bytes, not \(data.count)")
        }
        self.address = address
        self.control = control
        self.data = data
    }

    /// A read of data item `di` (control 0x11, DI least significant byte first).
    public static func read(_ di: UInt32, at address: DLT645Address) -> DLT645Frame {
        // Four bytes are always within the 200-byte limit.
        try! DLT645Frame(address: address, control: .readData, data: DLT645DataItem.bytes(of: di))
    }

    /// The bytes on the wire, after `preamble` FE bytes (the usual wake-up is four).
    public func encoded(preamble: Int = 4) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xFE, count: max(0, min(preamble, Self.maximumPreamble)))
        let start = bytes.count
        bytes.append(0x68)
        bytes += address.wireBytes
        bytes += [0x68, control.rawValue, UInt8(data.count)]
        for byte in data { bytes.append(byte &+ 0x33) }
        var sum: UInt8 = 0
        for byte in bytes[start...] { sum &+= byte }
        bytes += [sum, 0x16]
        return bytes
    }

    /// Reads one whole frame (with or without preamble, nothing after the end byte).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(MeterCodecError) -> DLT645Frame {
        let layout = try DLT645FrameLayout(bytes)
        guard layout.end == bytes.count else {
            throw MeterCodecError(.trailingBytes, "\(bytes.count - layout.end) bytes after the DL/T 645 end byte")
        }
        var data = [UInt8](repeating: 0, count: layout.dataCount)
        for index in 0..<layout.dataCount { data[index] = bytes[layout.dataStart + index] &- 0x33 }
        return try DLT645Frame(address: layout.address(bytes), control: DLT645Control(rawValue: layout.control),
                               data: data)
    }

    /// Reads one whole frame from any byte collection.
    public static func decode(_ bytes: [UInt8]) throws(MeterCodecError) -> DLT645Frame {
        do {
            return try bytes.withUnsafeBytes { raw in try decode(raw) }
        } catch let error as MeterCodecError {
            throw error
        } catch {
            throw MeterCodecError(.badFraming, "\(error)")
        }
    }
}
