/// Finds frames in a byte stream from a meter or an RS-485-to-TCP gateway, where frames
/// arrive in pieces, with wake-up bytes, or after line noise.
///
/// Rule: bytes before a possible start (FE or 68) are noise and are skipped; a candidate
/// that fails a structural check (second 68, length, checksum, end byte) is skipped one
/// byte at a time, so a real frame after noise is still found; a candidate that may still
/// become whole waits for more bytes, never more than the longest frame (216 bytes).
public enum DLT645Scanner {
    public enum Step: Equatable, Sendable {
        /// Wait for more bytes; nothing to drop.
        case needMore
        /// Drop this many bytes of noise from the front.
        case skip(Int)
        /// A whole frame occupies the first `count` bytes (preamble included).
        case frame(Int)
    }

    /// Longest frame: 4 FE, 12 bytes of envelope, 200 bytes of data.
    public static let maximumFrame = 216

    public static func next(_ bytes: UnsafeRawBufferPointer) -> Step {
        guard !bytes.isEmpty else { return .needMore }
        var start = 0
        while start < bytes.count, bytes[start] == 0xFE { start += 1 }
        if start > DLT645Frame.maximumPreamble { return .skip(start - DLT645Frame.maximumPreamble) }
        if start == bytes.count { return .needMore }
        guard bytes[start] == 0x68 else { return .skip(start + 1) }
        let available = bytes.count - start
        if available >= 8, bytes[start + 7] != 0x68 { return .skip(start + 1) }
        guard available >= 10 else { return .needMore }
        let count = Int(bytes[start + 9])
        guard count <= DLT645Frame.maximumData else { return .skip(start + 1) }
        guard available >= 12 + count else { return .needMore }
        do {
            let layout = try DLT645FrameLayout(UnsafeRawBufferPointer(rebasing: bytes[0..<(start + 12 + count)]))
            return .frame(layout.end)
        } catch {
            return .skip(start + 1)
        }
    }
}
