extension MeterCodecProbe {
    /// What draining a stream through ``DLT645Scanner`` left: the frames found (as
    /// offsets into the stream), the bytes still waiting, and the steps it took.
    public struct Drained: Equatable, Sendable {
        public var frames: [Range<Int>] = []
        public var waiting = 0
        public var steps = 0
    }

    /// Feeds `stream` to the scanner in pieces cut at `cuts` (offsets, ascending), acting
    /// on every step as a reader would, until each piece is used up. Throws a violation
    /// when a step makes no progress, goes past the bytes, or the loop runs longer than
    /// one step per byte.
    public static func drain(_ stream: UnsafeRawBufferPointer, cuts: [Int] = []) throws(Violation) -> Drained {
        var drained = Drained()
        var start = 0
        for end in cuts.filter({ $0 > 0 && $0 < stream.count }) + [stream.count] {
            // The reader's buffer holds stream[start..<end] once this piece has arrived.
            while start < end {
                drained.steps += 1
                guard drained.steps <= stream.count + cuts.count + 1 else {
                    throw violation("DLT645Scanner.next", "more steps than bytes", Array(stream))
                }
                let buffer = UnsafeRawBufferPointer(rebasing: stream[start..<end])
                let step = DLT645Scanner.next(buffer)
                switch step {
                case .needMore:
                    guard buffer.count < DLT645Scanner.maximumFrame else {
                        throw violation("DLT645Scanner.next", "waits with \(buffer.count) bytes", Array(stream))
                    }
                case .skip(let count):
                    guard count >= 1, count <= buffer.count else {
                        throw violation("DLT645Scanner.next", "skip(\(count)) of \(buffer.count)", Array(stream))
                    }
                    start += count
                case .frame(let count):
                    guard count >= 12, count <= buffer.count, count <= DLT645Scanner.maximumFrame else {
                        throw violation("DLT645Scanner.next", "frame(\(count)) of \(buffer.count)", Array(stream))
                    }
                    let frame = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    guard (try? DLT645Frame.decode(frame)) != nil else {
                        throw violation("DLT645Scanner.next", "reports a frame the decoder refuses", Array(stream))
                    }
                    drained.frames.append(start..<(start + count))
                    start += count
                }
                if case .needMore = step { break }
            }
        }
        drained.waiting = stream.count - start
        return drained
    }

    static func checkScanner(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Violation? {
        do {
            let whole = try drain(raw)
            // A whole frame alone is found as one frame.
            if (try? DLT645Frame.decode(raw)) != nil, whole.frames != [0..<bytes.count] {
                return violation("DLT645Scanner.next", "misses a whole frame", bytes)
            }
            // The same frames and the same bytes left, however the stream arrives.
            let half = try drain(raw, cuts: [bytes.count / 2])
            let thirds = try drain(raw, cuts: [bytes.count / 3, 2 * bytes.count / 3])
            let single = bytes.count <= 64 ? try drain(raw, cuts: Array(1..<max(1, bytes.count))) : whole
            for cut in [half, thirds, single] where cut.frames != whole.frames || cut.waiting != whole.waiting {
                return violation("DLT645Scanner.next", "finds other frames when the stream comes in pieces", bytes)
            }
            // Followed by 216 zero bytes (more than the longest frame), the stream drains to
            // nothing, and the frames found before the zeros came are still found.
            let padded = try (bytes + [UInt8](repeating: 0, count: DLT645Scanner.maximumFrame)).withUnsafeBytes {
                raw in Result { () throws(Violation) in try drain(raw) }
            }.get()
            guard padded.waiting == 0, padded.frames.starts(with: whole.frames) else {
                return violation("DLT645Scanner.next", "leaves bytes waiting after the longest frame", bytes)
            }
            return nil
        } catch {
            return error
        }
    }
}
