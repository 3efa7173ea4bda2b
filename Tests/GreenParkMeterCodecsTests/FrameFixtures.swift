import Foundation
import Testing
@testable import GreenParkMeterCodecs

/// The captured DL/T 645-2007 exchanges of `Fixtures/dlt645_frames.json` (see Fixtures/README.md).
struct FrameFixtures: Decodable {
    struct Exchange: Decodable {
        let exchange: String
        /// What the `dlt645` package's client printed; absent on the hand-built exchanges.
        let clientDecodedValue: String?
        let request: Frame
        let response: Frame
    }

    struct Frame: Decodable {
        let hex: String
        let preamble: String
        let addressWire: String
        let meterNumberPerStandardLSBFirst: String
        let control: String
        let length: Int
        let dataWirePlus0x33: String
        let dataDecoded: String
        let checksum: String
        let checksumOk: Bool
        let DI: String?
        let unit: String?
        let format: String?
        let valueBcdLe: String?
        let errorByte: String?

        enum CodingKeys: String, CodingKey {
            case hex, preamble, control, length, checksum, DI, unit, format
            case addressWire = "address_wire"
            case meterNumberPerStandardLSBFirst = "meter_number_per_standard_LSB_first"
            case dataWirePlus0x33 = "data_wire_plus_0x33"
            case dataDecoded = "data_decoded"
            case checksumOk = "checksum_ok"
            case valueBcdLe = "value_bcd_le"
            case errorByte = "error_byte"
        }

        var bytes: [UInt8] { Hex.bytes(hex) }
        var preambleCount: Int { Hex.bytes(preamble).count }
        var controlByte: UInt8 { UInt8(control.dropFirst(2), radix: 16)! }
        var checksumByte: UInt8 { UInt8(checksum.dropFirst(2), radix: 16)! }
        /// The DI as a number: the JSON writes it most significant byte first.
        var di: UInt32? { DI.map { UInt32($0.replacingOccurrences(of: " ", with: ""), radix: 16)! } }
    }

    let note: String
    let frames: [Exchange]

    enum CodingKeys: String, CodingKey { case note, frames }

    static let shared: FrameFixtures = {
        let url = Bundle.module.url(forResource: "dlt645_frames", withExtension: "json", subdirectory: "Fixtures")!
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { keys in
            let key = keys.last!.stringValue
            let camel = ["client_decoded_value": "clientDecodedValue"]
            return AnyKey(camel[key] ?? key)
        }
        return try! decoder.decode(FrameFixtures.self, from: Data(contentsOf: url))
    }()

    /// Every request and response frame of the file, in file order.
    static var allFrames: [[UInt8]] { shared.frames.flatMap { [$0.request.bytes, $0.response.bytes] } }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Hex text such as `FE FE 68 12` to bytes and back.
enum Hex {
    static func bytes(_ text: String) -> [UInt8] {
        text.split(separator: " ").map { UInt8($0, radix: 16)! }
    }

    static func text(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}

/// Runs `body` on the bytes of `array` as a raw buffer (what the decoders take).
func raw<T>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(MeterCodecError) -> T) throws(MeterCodecError)
    -> T
{
    do {
        return try array.withUnsafeBytes { buffer in try body(buffer) }
    } catch let error as MeterCodecError {
        throw error
    } catch {
        fatalError("only MeterCodecError is thrown")
    }
}

/// The error `body` throws, or `nil` when it returns; anything but a MeterCodecError is
/// recorded as a test failure.
func failure<T>(_ body: () throws -> T) -> MeterCodecError? {
    do {
        _ = try body()
        return nil
    } catch let error as MeterCodecError {
        return error
    } catch {
        Issue.record("threw \(type(of: error)), not MeterCodecError: \(error)")
        return nil
    }
}
