import Testing
@testable import GreenParkMeterCodecs

/// A reader as a poller would write it: bytes arrive in chunks, the scanner says what to do.
struct ScannedStream {
    private(set) var buffer: [UInt8] = []
    private(set) var frames: [[UInt8]] = []
    private(set) var skipped: [UInt8] = []

    mutating func feed(_ chunk: some Sequence<UInt8>) {
        buffer += chunk
        while true {
            switch buffer.withUnsafeBytes({ DLT645Scanner.next($0) }) {
            case .needMore: return
            case .skip(let count):
                precondition(count > 0 && count <= buffer.count, "skip(\(count)) of \(buffer.count) bytes")
                skipped += buffer.prefix(count)
                buffer.removeFirst(count)
            case .frame(let count):
                precondition(count >= 12 && count <= buffer.count, "frame(\(count)) of \(buffer.count) bytes")
                frames.append(Array(buffer.prefix(count)))
                buffer.removeFirst(count)
            }
        }
    }
}

@Suite struct DLT645ScannerTests {
    static let frames = FrameFixtures.allFrames
    static let stream = frames.flatMap { $0 }
    static let reply = DLT645FrameTests.reply

    static func step(_ bytes: [UInt8]) -> DLT645Scanner.Step { bytes.withUnsafeBytes { DLT645Scanner.next($0) } }

    @Test func eachStepOnItsOwn() {
        #expect(Self.step([]) == .needMore)
        #expect(Self.step([0x00]) == .skip(1))
        #expect(Self.step([0xFE, 0xFE, 0x00]) == .skip(3))  // FE FE then no 68: all three are noise
        #expect(Self.step([0xFE, 0xFE]) == .needMore)
        #expect(Self.step([0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE] + Self.reply) == .skip(3))  // 7 FE: 3 too many
        #expect(Self.step([0x68]) == .needMore)
        #expect(Self.step(Array(Self.reply.prefix(7))) == .needMore)
        #expect(Self.step(Array(Self.reply.prefix(9))) == .needMore)  // L not here yet
        #expect(Self.step(Array(Self.reply.dropLast())) == .needMore)
        #expect(Self.step(Self.reply) == .frame(20))
        #expect(Self.step([0xFE, 0xFE] + Self.reply + [0x68]) == .frame(22))
        var bytes = Self.reply
        bytes[7] = 0x00  // no second 68: decided as soon as byte 7 is there
        #expect(Self.step(Array(bytes.prefix(8))) == .skip(1))
        bytes = Self.reply
        bytes[9] = 201  // L above 200
        #expect(Self.step(Array(bytes.prefix(10))) == .skip(1))
        bytes = Self.reply
        bytes[18] &+= 1  // checksum, after 2 FE: the FE and the 68 go
        #expect(Self.step([0xFE, 0xFE] + bytes) == .skip(3))
        bytes = Self.reply
        bytes[19] = 0x17  // end byte
        #expect(Self.step(bytes) == .skip(1))
    }

    @Test func aStreamSplitAtEveryBytePosition() {
        #expect(Self.frames.count == 16)
        for split in 0...Self.stream.count {
            var reader = ScannedStream()
            reader.feed(Self.stream[..<split])
            reader.feed(Self.stream[split...])
            #expect(reader.frames == Self.frames, "split at \(split)")
            #expect(reader.skipped.isEmpty && reader.buffer.isEmpty)
        }
        var reader = ScannedStream()
        for byte in Self.stream { reader.feed([byte]) }
        #expect(reader.frames == Self.frames)
    }

    @Test func noiseBeforeAFrameIsSkipped() {
        let noise: [UInt8] = [0x00, 0x33, 0x16, 0xFE, 0xFE, 0x41, 0x68, 0x68]
        for frame in Self.frames {
            var reader = ScannedStream()
            reader.feed(noise + frame)
            #expect(reader.frames == [frame])
            #expect(reader.skipped == noise)
        }
    }

    @Test func aCorruptedCandidateThenAGoodFrame() {
        for frame in Self.frames {
            var broken = frame
            broken[broken.count - 2] &+= 1  // checksum
            var reader = ScannedStream()
            reader.feed(broken + frame)
            #expect(reader.frames == [frame])
            #expect(reader.skipped == broken)
            broken = frame
            broken[broken.count - 1] = 0x61  // end byte
            reader = ScannedStream()
            reader.feed(broken + frame)
            #expect(reader.frames == [frame])
        }
    }

    @Test func moreThanFourWakeUpBytes() {
        // 9 FE + a frame without preamble: 5 FE are skipped, the frame keeps four.
        var reader = ScannedStream()
        reader.feed([UInt8](repeating: 0xFE, count: 9) + Self.reply)
        #expect(reader.skipped == [UInt8](repeating: 0xFE, count: 5))
        #expect(reader.frames == [[0xFE, 0xFE, 0xFE, 0xFE] + Self.reply])
    }

    @Test func aFalseStartWaitsAtMostForTheLongestFrame() {
        // 68 x6 68 C L=200 from noise: the scanner waits for 12 + 200 bytes, then drops the 68.
        let falseStart: [UInt8] = [0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x91, 200]
        var reader = ScannedStream()
        reader.feed(falseStart + Self.reply)
        #expect(reader.frames.isEmpty)
        #expect(reader.buffer.count == 30)
        reader.feed([UInt8](repeating: 0, count: 212 - 30))
        #expect(reader.skipped.first == 0x68)
        #expect(reader.frames == [Self.reply])
        #expect(DLT645Scanner.maximumFrame == 4 + 12 + 200)
    }
}
