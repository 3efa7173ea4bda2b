import Dispatch

/// Parses a chunk on both cores: the lines up to the line end nearest the middle on one
/// thread, the rest on another, each into its own ``RecordBatch``. The batches are then
/// consumed in file order, so line numbers and "first line" rules are unchanged.
final class TwoWayChunkParser: @unchecked Sendable {
    // Separate stored properties: the two threads never touch the same one.
    private var first: CSVChunkParser
    private var second: CSVChunkParser
    private(set) var firstBatch = RecordBatch()
    private(set) var secondBatch = RecordBatch()
    private var tailLines = 0
    /// Chunks smaller than this are parsed on one thread.
    let minimumSplit: Int

    init(parser: CSVChunkParser, minimumSplit: Int = 1 << 20) {
        first = parser
        second = parser
        self.minimumSplit = minimumSplit
        firstBatch.reserve(1 << 17)
        secondBatch.reserve(1 << 17)
    }

    /// Parses `bytes` (whole lines) numbered from `firstLine`; returns how many batches
    /// were filled (1 or 2) and the number of lines consumed.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> (batches: Int, lines: Int) {
        firstBatch.removeAllRecords()
        secondBatch.removeAllRecords()
        guard bytes.count >= minimumSplit, let base = bytes.baseAddress,
              let found = memchr(base + bytes.count / 2, 10, bytes.count - bytes.count / 2) else {
            return (1, first.parse(bytes, firstLine: firstLine, into: &firstBatch))
        }
        let middle = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        nonisolated(unsafe) let head = UnsafeBufferPointer(rebasing: bytes[0..<middle])
        nonisolated(unsafe) let tail = UnsafeBufferPointer(rebasing: bytes[middle...])
        var counted = 0
        var position = 0
        while position < middle, let next = memchr(base + position, 10, middle - position) {
            counted += 1
            position = base.distance(to: next.assumingMemoryBound(to: UInt8.self)) + 1
        }
        let headLines = counted
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                _ = self.first.parse(head, firstLine: firstLine, into: &self.firstBatch)
            } else {
                self.tailLines = self.second.parse(tail, firstLine: firstLine + headLines, into: &self.secondBatch)
            }
        }
        return (2, headLines + tailLines)
    }

    /// The batch `index` (0 or 1) for consuming; it is cleared by the next ``parse``.
    func withBatch<T>(_ index: Int, _ body: (inout RecordBatch) throws -> T) rethrows -> T {
        index == 0 ? try body(&firstBatch) : try body(&secondBatch)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
