import GreenParkCore

/// Reads a file in large chunks that always end at a line end, so memory stays bounded
/// whatever the file's size. The bytes of each chunk are valid until the next call.
final class LineChunkReader {
    let path: String
    let size: Int64
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var carried = 0
    private var atEnd = false
    private(set) var bytesRead: Int64 = 0
    /// Called with every block of raw bytes as it is read (for hashing).
    var onBytes: ((UnsafeRawBufferPointer) -> Void)?

    init(path: String, chunkSize: Int = 8 << 20) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FileProblem(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        fstat(descriptor, &info)
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(descriptor)
            throw FileProblem(path: path, reason: "is a directory")
        }
        size = Int64(info.st_size)
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { close(descriptor) }

    /// Calls `body` with the next chunk of whole lines; returns `false` at the end.
    func next<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        while true {
            if atEnd {
                guard carried > 0 else { return nil }
                let count = carried
                carried = 0
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            }
            if carried == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) } // a line longer than a chunk
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                read(descriptor, raw.baseAddress! + carried, raw.count - carried)
            }
            guard n >= 0 else { throw FileProblem(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { atEnd = true; continue }
            if let onBytes { buffer.withUnsafeBytes { onBytes(UnsafeRawBufferPointer(rebasing: $0[carried..<(carried + n)])) } }
            bytesRead += Int64(n)
            let filled = carried + n
            let lastNewline = buffer.withUnsafeBufferPointer { p -> Int in
                var i = filled - 1
                while i >= 0, p[i] != 10 { i -= 1 }
                return i
            }
            if lastNewline < 0 { carried = filled; continue } // no line end yet: read more
            let result = try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0...lastNewline])) }
            let rest = filled - lastNewline - 1
            if rest > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + lastNewline + 1, rest)
                }
            }
            carried = rest
            return result
        }
    }
}

/// A file that cannot be read.
public struct FileProblem: GreenParkError {
    public var path: String
    public var reason: String
    public var code: String { "file.unreadable" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var message: String { "\(path): cannot read: \(reason)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
