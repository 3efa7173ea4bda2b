import GreenParkMeterCodecs

enum DLT645AddressForTests {
    static func make(_ number: String) throws -> DLT645Address { try DLT645Address(meterNumber: number) }
}
