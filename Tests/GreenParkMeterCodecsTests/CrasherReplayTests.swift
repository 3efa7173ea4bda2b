import Foundation
import Testing
@testable import GreenParkMeterCodecs

/// Replays every file of `Fixtures/crashers` through every decoder (MeterCodecProbe).
/// `crash-*` files are inputs a fuzzer once broke a decoder with; `edge-*` files are
/// hand-made edge inputs kept as seeds (Fixtures/crashers/README.md).
@Suite struct CrasherReplayTests {
    static let directory = Bundle.module.url(forResource: "crashers", withExtension: nil, subdirectory: "Fixtures")!

    static let files: [String] = {
        let names = try! FileManager.default.contentsOfDirectory(atPath: directory.path)
        return names.filter { $0.hasSuffix(".hex") || $0.hasSuffix(".bin") }.sorted()
    }()

    /// A `.hex` file is hex bytes separated by white space, `#` to the end of a line a
    /// comment; a `.bin` file is the bytes themselves (as libFuzzer writes them).
    static func bytes(_ name: String) -> [UInt8] {
        let data = try! Data(contentsOf: directory.appendingPathComponent(name))
        guard name.hasSuffix(".hex") else { return [UInt8](data) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .flatMap { $0.prefix { $0 != "#" }.split(whereSeparator: \.isWhitespace) }
            .map { UInt8($0, radix: 16)! }
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 10)
        #expect(Self.files.allSatisfy { $0.hasPrefix("edge-") || $0.hasPrefix("crash-") })
    }

    @Test("every corpus file breaks no rule", arguments: Self.files)
    func replay(_ name: String) {
        let bytes = Self.bytes(name)
        let violation = MeterCodecProbe.check(bytes)
        #expect(violation == nil, "\(name): \(violation!)")
    }
}
