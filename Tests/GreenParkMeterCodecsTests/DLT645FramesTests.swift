import Foundation
import Testing
@testable import GreenParkMeterCodecs

@Suite struct DLT645FramesTests {
    @Test func theForwardEnergyReplyDecodes() throws {
        // 91 08 | DI 33 33 34 33 -> 00 00 01 00 (DI 00 01 00 00) | 88 33 53 34 -> 55 00 20 01
        // BCD least significant first: 01 20 00 55 -> 012000.55 kWh.
        let bytes: [UInt8] = [0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x12, 0x34, 0x56, 0x78, 0x10, 0x12, 0x68, 0x91, 0x08,
                              0x33, 0x33, 0x34, 0x33, 0x88, 0x33, 0x53, 0x34, 0xAE, 0x16]
        let reading = try bytes.withUnsafeBytes { try DLT645Reading.decode($0, item: .forwardActiveEnergy) }
        #expect(reading.value == ScaledDecimal(mantissa: 1_200_055, decimals: 2))
        #expect(reading.address.meterNumber == "121078563412")
    }
}
