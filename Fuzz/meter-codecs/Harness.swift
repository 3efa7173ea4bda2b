// libFuzzer entry point for the meter codecs. run.sh compiles this file together with
// Sources/GreenParkMeterCodecs (same module, so no import) and links libFuzzer's main.
//
// Every input runs through every decoder, as given and repaired (DL/T 645 envelope and
// checksum, Modbus MBAP length and byte count set to fit), with the rules of
// MeterCodecProbe: a decoder returns or throws MeterCodecError, what decodes encodes back
// to the same bytes, the DL/T 645 scanner always makes progress. A broken rule traps, so
// libFuzzer saves the input as a crasher; so do a trap inside a decoder and, under
// AddressSanitizer, any read outside the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func meterCodecsFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = MeterCodecProbe.check(bytes) { fatalError("\(violation)") }
    return 0
}
