/// The control code of a DL/T 645-2007 frame: bit 7 direction (1 = from the meter), bit 6
/// abnormal answer, bit 5 more frames follow, bits 4-0 the function.
public struct DLT645Control: Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Master asks for a data item (function 0x11).
    public static let readData = DLT645Control(rawValue: 0x11)
    /// Master asks the one meter on the line for its address (function 0x13).
    public static let readAddress = DLT645Control(rawValue: 0x13)

    /// The function, bits 4-0.
    public var function: UInt8 { rawValue & 0x1F }
    /// `true` on frames sent by the meter.
    public var isReply: Bool { rawValue & 0x80 != 0 }
    /// `true` on a meter's error answer (C | 0xC0, e.g. 0xD1).
    public var isError: Bool { rawValue & 0xC0 == 0xC0 }
    /// `true` when the meter will send more frames for the same item.
    public var hasFollowUp: Bool { rawValue & 0x20 != 0 }

    /// The normal answer to this request (0x11 -> 0x91).
    public var reply: DLT645Control { DLT645Control(rawValue: rawValue | 0x80) }
    /// The error answer to this request (0x11 -> 0xD1).
    public var errorReply: DLT645Control { DLT645Control(rawValue: rawValue | 0xC0) }
}
