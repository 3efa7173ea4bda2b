import GreenParkCore

/// Why bytes from a meter (or to one) are not a frame we accept. The codecs throw only
/// this type: every malformed input ends here, never in a trap.
public struct MeterCodecError: GreenParkError, Equatable {
    /// What is wrong, with a stable code per kind.
    public enum Kind: String, Sendable, CaseIterable {
        /// Fewer bytes than the frame's own header or length field says.
        case truncated = "meter.frame-truncated"
        /// More bytes after the end of the frame.
        case trailingBytes = "meter.frame-trailing-bytes"
        /// A start byte (0x68), end byte (0x16) or protocol identifier is not where it must be.
        case badFraming = "meter.frame-framing"
        /// The checksum (DL/T 645) does not match the bytes.
        case badChecksum = "meter.frame-checksum"
        /// A length field is out of range or disagrees with the bytes present.
        case badLength = "meter.frame-length"
        /// A BCD digit above 9, or a value that does not fit its declared format.
        case badBCD = "meter.value-bcd"
        /// A function or control code the reader does not handle.
        case unsupportedFunction = "meter.frame-function"
        /// The meter answered with an exception or error frame.
        case meterRefused = "meter.refused"
        /// A valid frame that does not answer the request (other address, unit, register or DI).
        case mismatch = "meter.frame-mismatch"
        /// A register value that is not a number (NaN or infinity) or does not fit 64 bits.
        case badValue = "meter.value-invalid"
        /// A request the codec refuses to encode (count 0 or above 125, address text wrong...).
        case badRequest = "meter.request-invalid"
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var code: String { kind.rawValue }
    public var message: String { detail }
    /// A meter's bad frame is a failure of the reading, not the user's input.
    public var isBadInput: Bool { kind == .badRequest }
}
