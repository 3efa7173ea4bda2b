/// A DL/T 645-2007 data item: its identifier (DI, sent least significant byte first) and
/// the BCD format of its value.
public struct DLT645DataItem: Hashable, Sendable {
    public let di: UInt32
    public let format: DLT645ValueFormat
    /// The unit the value is in (`kWh`, `kW`, `V`, `A`).
    public let unit: String
    public let name: String

    public init(di: UInt32, format: DLT645ValueFormat, unit: String, name: String) {
        self.di = di
        self.format = format
        self.unit = unit
        self.name = name
    }

    /// Combined active total energy (DI 00 00 00 00), XXXXXX.XX kWh, sign in the top bit.
    public static let combinedActiveEnergy = DLT645DataItem(
        di: 0x0000_0000, format: DLT645ValueFormat(bytes: 4, decimals: 2, signed: true), unit: "kWh",
        name: "combined active total energy")
    /// Forward (import) active total energy (DI 00 01 00 00), XXXXXX.XX kWh.
    public static let forwardActiveEnergy = DLT645DataItem(
        di: 0x0001_0000, format: DLT645ValueFormat(bytes: 4, decimals: 2, signed: false), unit: "kWh",
        name: "forward active total energy")
    /// Reverse (export) active total energy (DI 00 02 00 00), XXXXXX.XX kWh.
    public static let reverseActiveEnergy = DLT645DataItem(
        di: 0x0002_0000, format: DLT645ValueFormat(bytes: 4, decimals: 2, signed: false), unit: "kWh",
        name: "reverse active total energy")
    /// Instantaneous total active power (DI 02 03 00 00), XX.XXXX kW, sign in the top bit.
    public static let totalActivePower = DLT645DataItem(
        di: 0x0203_0000, format: DLT645ValueFormat(bytes: 3, decimals: 4, signed: true), unit: "kW",
        name: "total active power")
    /// Phase A, B, C voltage (DI 02 01 01 00, 02 01 02 00, 02 01 03 00), XXX.X V.
    public static let phaseVoltages = (1...3).map { phase in
        DLT645DataItem(
            di: 0x0201_0000 | UInt32(phase) << 8, format: DLT645ValueFormat(bytes: 2, decimals: 1, signed: false),
            unit: "V", name: "phase \(["A", "B", "C"][phase - 1]) voltage")
    }

    /// The items GreenPark knows by name, for the park file (`di: forward-active-energy`).
    public static let named: [String: DLT645DataItem] = [
        "combined-active-energy": combinedActiveEnergy, "forward-active-energy": forwardActiveEnergy,
        "reverse-active-energy": reverseActiveEnergy, "total-active-power": totalActivePower,
        "phase-a-voltage": phaseVoltages[0], "phase-b-voltage": phaseVoltages[1],
        "phase-c-voltage": phaseVoltages[2],
    ]

    /// The four DI bytes in wire order (least significant first), before the 0x33 offset.
    public static func bytes(of di: UInt32) -> [UInt8] {
        [UInt8(di & 0xFF), UInt8(di >> 8 & 0xFF), UInt8(di >> 16 & 0xFF), UInt8(di >> 24)]
    }
}

/// The BCD layout of a value: `bytes` bytes least significant first, `decimals` digits
/// after the point, and for signed values the top bit of the last byte is the sign.
public struct DLT645ValueFormat: Hashable, Sendable {
    public let bytes: Int
    public let decimals: Int
    public let signed: Bool

    public init(bytes: Int, decimals: Int, signed: Bool) {
        self.bytes = bytes
        self.decimals = decimals
        self.signed = signed
    }
}
